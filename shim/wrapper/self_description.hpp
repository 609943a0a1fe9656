// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>

namespace shim {

/// `--version`/`-v` or `--help`/`-h` as the only argument: the caller asks about
/// the runtime (podman info, CRI-O's version check). Anything else is a command.
enum class SelfQuery { kNone, kVersion, kHelp };

[[nodiscard]] SelfQuery self_query(std::span<const std::string> args);

/// Answers a query with the real runtime's own answer, kept whole and first so
/// that tools parsing "runc version ..." still do, plus ours. Returns the exit code.
[[nodiscard]] int answer_self_query(SelfQuery query, const std::string& runtime, const std::string& config_path,
                                    char** argv);

}  // namespace shim
