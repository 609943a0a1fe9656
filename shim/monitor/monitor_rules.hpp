// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "arg_rules.hpp"
#include "profile/seccomp_profile.hpp"
#include "state/monitor_spec.hpp"

namespace shim {

/// The original profile's rules, which the monitor answers from. Throws
/// common::JsonError.
[[nodiscard]] common::DenyRules deny_rules_of(const common::MonitorSpec& spec);

/// The argument rules for the syscalls the wrapper notified for them. Throws
/// common::JsonError.
[[nodiscard]] hooks::ArgRules arg_rules_of(const common::MonitorSpec& spec);

/// Reads `text` (monitor.json) as the monitor will, and throws what the monitor
/// would: the wrapper hands over nothing that keeps the monitor from starting,
/// since the container could then not start either.
void check_monitor_can_read(std::string_view text, std::string_view origin);

}  // namespace shim
