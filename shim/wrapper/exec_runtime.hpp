// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

namespace shim {

/// Set in the runtime's environment to "<pid>:<depth>": the pid that exec'd the
/// runtime, and how many wrappers are nested (a hook that calls us again runs
/// under a runtime we started).
inline constexpr const char* kReentryMarker = "SECCOMP_WITNESS_WRAPPED";
/// Deeper than any hook calls hooks: a runtime that runs us again as a child.
inline constexpr int kMaxNesting = 8;

/// Why this call must not go on, when the "real runtime" is seccomp-witness again
/// (a copy, a script that execs it): exec keeps the pid, so the marker names our
/// own. A hook or any other child that calls us is a new process and goes on.
[[nodiscard]] std::string reentry_problem();

/// Replaces this process with `runtime`, passing argv[1..] untouched; the exit
/// code, stdio and signals are then the runtime's own. Returns only on failure,
/// after printing why; the caller exits 127 like a shell would.
void exec_runtime(const std::string& runtime, char** argv);

}  // namespace shim
