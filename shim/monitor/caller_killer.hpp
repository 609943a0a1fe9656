// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <optional>
#include <unordered_set>

#include "linux/caller_kill.hpp"

namespace shim {

/// Ends the callers that the profile kills (SCMP_ACT_KILL_*), as close to the
/// kernel as a process outside can: SIGSYS where it lands as the kernel's would,
/// SIGKILL where it would not, and SIGKILL for a thread that survived our SIGSYS
/// (it caught it after we looked) and calls again.
class CallerKiller {
 public:
  /// `target` was opened and `state` read before the notification was found
  /// still valid; either is nullopt when the caller was already gone. Returns the
  /// signal sent, if any.
  std::optional<common::KillSignal> end(pid_t tid, const std::optional<common::ThreadPidfd>& target,
                                        const std::optional<common::ThreadSignalState>& state);

 private:
  static constexpr std::size_t kMaxRemembered = 1024;
  std::unordered_set<pid_t> sent_sigsys_;
};

}  // namespace shim
