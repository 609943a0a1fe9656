// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace common {

enum class LogFormat { kText, kJson };

/// How runc was told to log (`--log FILE`, `--log-format text|json`, `--debug`).
/// We write our lines the same way into the same place, so that conmon and
/// containerd-shim read them as they read runc's.
struct LogTarget {
  std::string path;  ///< empty: standard error
  LogFormat format = LogFormat::kText;
  bool debug = false;
  /// 0: no bound. Else the file is not written beyond this size (one line says
  /// so): a monitor's log must not grow with what a container does.
  std::uint64_t max_bytes = 0;
};

[[nodiscard]] LogFormat parse_log_format(std::string_view text);

/// Makes spdlog's default logger write runc-style lines to `target`:
///   text: time="2026-11-22T19:12:30Z" level=warning msg="seccomp-witness: ..."
///   json: {"level":"warning","msg":"seccomp-witness: ...","time":"2026-11-22T19:12:30Z"}
/// The file is opened O_APPEND|O_CLOEXEC, so it never leaks into the runtime.
/// Info lines go only to a file: on stderr (no `--log`) just warnings and errors,
/// unless `--debug`, as runc keeps stderr for what the caller must see.
void setup_runtime_log(const LogTarget& target, std::string_view program);

/// Formats one line as setup_runtime_log does (exposed for tests).
[[nodiscard]] std::string format_runtime_log_line(LogFormat format, std::string_view level, std::string_view message,
                                                  std::string_view time);

/// JSON string escaping of `text` (no surrounding quotes).
[[nodiscard]] std::string json_escape(std::string_view text);

/// Appends one warning line, in the runtime's own format, to the log file named
/// by `--log` in `runtime_args` (the global flags the wrapper was called with,
/// which the monitor keeps); nothing when there is none. For what the monitor,
/// long after the wrapper has gone, must tell the engine's log (conmon's,
/// containerd-shim's). The message is display text. Never throws.
void note_in_runtime_log(const std::vector<std::string>& runtime_args, std::string_view message);

}  // namespace common
