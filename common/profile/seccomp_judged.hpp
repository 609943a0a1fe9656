// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <set>
#include <string>
#include <vector>

namespace common {

/// Which syscalls named by argument rules the monitor can judge: only those the
/// profile simply allows (an unconditional SCMP_ACT_ALLOW rule, or not named under
/// an allowing default). Argument rules narrow what a profile allows; they never
/// touch what it denies or allows only under its own conditions.
struct JudgedPlan {
  std::vector<std::string> notify;   ///< to be taken out of the allow rules and notified
  std::vector<std::string> refused;  ///< "name: why not", for the log
};

[[nodiscard]] JudgedPlan plan_judged(const rapidjson::Value& seccomp, const std::set<std::string>& names);

/// Takes `names` out of the unconditional SCMP_ACT_ALLOW rules of `rules` (a rule
/// left without names goes), then appends one SCMP_ACT_NOTIFY rule naming them.
/// A plain SCMP_ACT_NOTIFY rule naming `names`, like the profile's own rules.
[[nodiscard]] rapidjson::Value notify_rule(const std::vector<std::string>& names,
                                           rapidjson::Value::AllocatorType& alloc);

void notify_judged(rapidjson::Value& rules, const std::vector<std::string>& names,
                   rapidjson::Value::AllocatorType& alloc);

}  // namespace common
