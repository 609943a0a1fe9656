// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <optional>
#include <string_view>

#include "linux/pidfd.hpp"

namespace common {

/// What /proc/<tid>/status tells about a thread that the profile kills.
struct ThreadSignalState {
  pid_t tgid = 0;
  bool namespace_init = false;  ///< pid 1 of its own pid namespace (NSpid ends in 1)
  bool sigsys_default = false;  ///< SIGSYS neither blocked, ignored nor caught
};

/// Parses the text of /proc/<tid>/status; nullopt when a field we need is missing.
[[nodiscard]] std::optional<ThreadSignalState> parse_thread_status(std::string_view status);

/// Reads /proc/<tid>/status; nullopt when the thread is gone.
[[nodiscard]] std::optional<ThreadSignalState> read_thread_status(pid_t tid);

enum class KillSignal { kSigsys, kSigkill };

/// The signal that ends a caller as SCMP_ACT_KILL_* does. The kernel forces a
/// SIGSYS (core dump where the rlimit allows, "Bad system call", 128+31): we send
/// the same wherever it lands the same, and SIGKILL where it would not: a caught,
/// ignored or blocked SIGSYS (only the kernel can force it), and the init of a pid
/// namespace (the kernel drops every signal to it but SIGKILL and SIGSTOP).
[[nodiscard]] KillSignal kill_signal(const ThreadSignalState& state);

/// Sends `signal` through `target`, the pidfd opened while the notification was
/// valid, so a pid taken over since is never hit: SIGSYS to the thread itself (it
/// takes the whole process down, as the kernel's does), SIGKILL to its process.
/// Where the kernel has no thread pidfds, SIGSYS goes by tgkill once the process
/// pidfd shows the process alive. False with errno set when the target is gone.
bool send_kill(const ThreadPidfd& target, pid_t tgid, pid_t tid, KillSignal signal);

}  // namespace common
