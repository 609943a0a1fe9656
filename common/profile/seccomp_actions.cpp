// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_actions.hpp"

#include <array>

namespace common {

bool is_denying_action(std::string_view action) {
  constexpr std::array<std::string_view, 4> kDenying{"SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                                                     "SCMP_ACT_KILL_THREAD"};
  for (const auto denying : kDenying)
    if (action == denying) return true;
  return false;
}

bool is_kill_action(std::string_view action) {
  return action == "SCMP_ACT_KILL" || action == "SCMP_ACT_KILL_PROCESS" || action == "SCMP_ACT_KILL_THREAD";
}

bool is_allowing_action(std::string_view action) {
  return action == "SCMP_ACT_ALLOW" || action == "SCMP_ACT_LOG";
}

bool runtime_refuses_notify(std::string_view syscall) {
  return syscall == "write";
}

}  // namespace common
