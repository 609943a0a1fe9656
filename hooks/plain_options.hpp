// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "arg_rules.hpp"

namespace hooks {

/// True for a socket option whose value is a plain integer or a flat struct
/// without pointers (SO_PRIORITY, IP_TOS, TCP_NODELAY, SO_LINGER, ...): the only
/// ones the monitor carries out. The value of another one may hold a pointer
/// (SO_ATTACH_FILTER's struct sock_fprog), which the kernel would follow in the
/// address space of whoever makes the call: for a carried-out call, a process of
/// the monitor's, not the caller's.
[[nodiscard]] bool plain_value_option(std::uint64_t level, std::uint64_t option);

/// Why a rule that judges an option value (optval) could have a call carried out
/// whose value is not a plain one; empty when it cannot. Such a rule must name
/// the level (argument 1) and the options (argument 2) with SCMP_CMP_EQ, each of
/// them a plain-value option.
[[nodiscard]] std::string carry_out_problem(const ArgRule& rule);

/// The names of the plain-value options, per level, for documentation and messages.
[[nodiscard]] std::string plain_value_options_text();

}  // namespace hooks
