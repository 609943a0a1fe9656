// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_coverage.hpp"

#include <map>

#include "json_doc.hpp"
#include "opt_in.hpp"
#include "profile/seccomp_actions.hpp"
#include "profile/seccomp_complement.hpp"
#include "profile/syscall_table.hpp"

namespace common {
namespace {

using rapidjson::Value;

/// How the profile's rules treat one syscall name.
struct NameUse {
  bool denied = false;                   // some rule denies it
  bool denied_by_errno = false;          // some ERRNO rule denies it
  bool denied_unconditionally = false;   // a rule without args denies it
  bool allowed_conditionally = false;    // a non-denying rule with args names it
  bool allowed_unconditionally = false;  // a non-denying rule without args names it
  bool other_conditionally = false;      // a rule with args neither allows nor denies it (TRAP, TRACE)
};

std::vector<std::string> architectures(const Value& seccomp) {
  std::vector<std::string> out;
  const Value* arches = find_field(seccomp, "architectures", "linux.seccomp");
  if (arches == nullptr || !arches->IsArray()) return out;
  for (const Value& arch : arches->GetArray())
    if (arch.IsString()) out.emplace_back(arch.GetString(), arch.GetStringLength());
  return out;
}

std::map<std::string, NameUse> name_uses(const Value& seccomp) {
  std::map<std::string, NameUse> uses;
  const Value* syscalls = find_field(seccomp, "syscalls", "linux.seccomp");
  if (syscalls == nullptr || syscalls->IsNull()) return uses;
  if (!syscalls->IsArray()) throw JsonError("linux.seccomp.syscalls: expected an array");
  for (const Value& rule : syscalls->GetArray()) {
    if (!rule.IsObject()) throw JsonError("linux.seccomp.syscalls[]: expected an object");
    const Value* action = find_field(rule, "action", "syscalls[]");
    const Value* names = find_field(rule, "names", "syscalls[]");
    if (action == nullptr || !action->IsString() || names == nullptr || !names->IsArray()) continue;
    const Value* args = find_field(rule, "args", "syscalls[]");
    const bool conditional = args != nullptr && args->IsArray() && !args->Empty();
    const std::string_view act(action->GetString(), action->GetStringLength());
    const bool denies = is_denying_action(act);
    for (const Value& name : names->GetArray()) {
      if (!name.IsString()) continue;
      NameUse& use = uses[{name.GetString(), name.GetStringLength()}];
      (denies ? (conditional ? use.denied : use.denied_unconditionally)
              : (conditional ? use.allowed_conditionally : use.allowed_unconditionally)) = true;
      use.denied = use.denied || denies;
      use.denied_by_errno = use.denied_by_errno || (denies && !is_kill_action(act));
      use.other_conditionally = use.other_conditionally || (conditional && !denies && !is_allowing_action(act));
    }
  }
  return uses;
}

}  // namespace

std::string_view to_string(CoverageMode mode) {
  return mode == CoverageMode::kFull ? "full" : "named";
}

std::optional<CoverageMode> parse_coverage_mode(std::string_view text) {
  const std::string value = normalized(text);
  if (value == "full") return CoverageMode::kFull;
  if (value == "named") return CoverageMode::kNamed;
  return std::nullopt;
}

CoveragePlan plan_coverage(const Value& seccomp, KillRules kills) {
  if (!seccomp.IsObject()) throw JsonError("linux.seccomp: expected an object");
  CoveragePlan plan;
  const auto uses = name_uses(seccomp);
  const bool kills_stay = kills == KillRules::kStay;
  for (const auto& [name, use] : uses) {
    if (!use.denied || runtime_refuses_notify(name)) continue;
    // A kill rule that stays the kernel's is seen in its audit records instead.
    if (!kills_stay || use.denied_by_errno) plan.named_denied.push_back(name);
    if (kills_stay && !use.denied_by_errno) plan.kernel_kills.push_back(name);
  }

  const Value* default_action = find_field(seccomp, "defaultAction", "linux.seccomp");
  const std::string_view action = default_action != nullptr && default_action->IsString()
                                      ? std::string_view(default_action->GetString(), default_action->GetStringLength())
                                      : std::string_view();
  if (!is_denying_action(action)) return plan;
  // A kill as the default stays the kernel's: every call it kills is in its records.
  if (kills_stay && is_kill_action(action)) return plan;
  const DenyRules rules = DenyRules::from_seccomp(seccomp);
  for (const auto& name : known_syscalls(architectures(seccomp))) {
    if (runtime_refuses_notify(name)) continue;
    const auto it = uses.find(name);
    if (it == uses.end()) {
      plan.default_denied.push_back(name);
      continue;
    }
    const NameUse& use = it->second;
    if (use.allowed_unconditionally || use.denied_unconditionally) continue;
    if (use.other_conditionally) {
      plan.blind_spots.push_back(name);
    } else if (use.allowed_conditionally) {
      // The calls its conditions refuse: by rules of their own where rules can say them.
      if (const auto complement = complement_rules(rules.allowing(name))) {
        for (const auto& conditions : *complement) plan.complemented.push_back({name, conditions});
      } else {
        plan.judged_whole.push_back(name);
      }
    } else {
      plan.default_denied.push_back(name);  // only conditional denials: the rest falls to the default
    }
  }
  return plan;
}

}  // namespace common
