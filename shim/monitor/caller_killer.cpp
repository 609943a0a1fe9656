// SPDX-License-Identifier: Apache-2.0
#include "caller_killer.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>

namespace shim {

std::optional<common::KillSignal> CallerKiller::end(pid_t tid, const std::optional<common::ThreadPidfd>& target,
                                                    const std::optional<common::ThreadSignalState>& state) {
  if (!target || !state) return std::nullopt;
  common::KillSignal signal = common::kill_signal(*state);
  if (signal == common::KillSignal::kSigsys) {
    if (sent_sigsys_.size() >= kMaxRemembered) sent_sigsys_.clear();
    if (!sent_sigsys_.insert(tid).second) signal = common::KillSignal::kSigkill;
  }
  if (!common::send_kill(*target, state->tgid, tid, signal)) {
    spdlog::warn("{} to pid {} (thread {}): {}", signal == common::KillSignal::kSigsys ? "SIGSYS" : "SIGKILL",
                 state->tgid, tid, std::strerror(errno));
    return std::nullopt;
  }
  return signal;
}

}  // namespace shim
