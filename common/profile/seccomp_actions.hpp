// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace common {

inline constexpr std::string_view kActNotify = "SCMP_ACT_NOTIFY";

/// The actions that deny a syscall and that we turn into SCMP_ACT_NOTIFY
/// (the same set CRI-O's notifier rewrites).
[[nodiscard]] bool is_denying_action(std::string_view action);

/// SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD.
[[nodiscard]] bool is_kill_action(std::string_view action);

/// The actions that let a syscall go on: SCMP_ACT_ALLOW, SCMP_ACT_LOG.
[[nodiscard]] bool is_allowing_action(std::string_view action);

/// runc refuses SCMP_ACT_NOTIFY for these syscalls: its init process needs them
/// to hand the notify fd over before anyone could answer.
[[nodiscard]] bool runtime_refuses_notify(std::string_view syscall);

}  // namespace common
