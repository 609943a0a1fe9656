// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <vector>

#include "profile/seccomp_profile.hpp"

namespace common {

/// The calls of one syscall that a profile's conditional allowing rules do not
/// allow, written as rules a profile can hold: each a list of comparisons, at
/// most one on each argument (runc ORs comparisons of one argument), the calls
/// any of the rules matches. nullopt when no such rules can say it exactly
/// ("neither 0 nor 8": two comparisons of one argument in one rule), or it
/// would take more than kMaxComplementRules rules.
///
/// `allowing`: the syscall's allowing rules, each with its conditions and
/// whether runc ORs them (DenyRule::any_condition), as DenyRules parses them.
/// A comparison is negated exactly (EQ and NE, LT and GE, LE and GT); a masked
/// one, "(arg & mask) == value", by one rule for each bit of the mask, "that bit
/// differs from the value's".
[[nodiscard]] std::optional<std::vector<std::vector<ArgCondition>>> complement_rules(
    const std::vector<DenyRule>& allowing);

inline constexpr std::size_t kMaxComplementRules = 32;

}  // namespace common
