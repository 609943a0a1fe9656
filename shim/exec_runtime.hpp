#pragma once

#include <string>

namespace shim {

/// Set in the runtime's environment. Seeing it on entry means the "real runtime"
/// is seccomp-witness again (a copy, a wrapper script): we stop instead of looping.
inline constexpr const char* kReentryMarker = "SECCOMP_WITNESS_WRAPPED";

/// Replaces this process with `runtime`, passing argv[1..] untouched; the exit
/// code, stdio and signals are then the runtime's own. Returns only on failure,
/// after printing why; the caller exits 127 like a shell would.
void exec_runtime(const std::string& runtime, char** argv);

}  // namespace shim
