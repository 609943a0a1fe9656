// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_rewrite.hpp"

#include <algorithm>
#include <vector>

#include "json_doc.hpp"
#include "profile/seccomp_actions.hpp"
#include "profile/seccomp_judged.hpp"

namespace common {
namespace {

using rapidjson::Value;

[[noreturn]] void wrong_type(const std::string& where, std::string_view expected, const Value& got) {
  throw JsonError(where + ": expected " + std::string(expected) + ", got " + std::string(json_type_name(got)));
}

/// A rule's syscall names, split into those we may notify on and those the runtime refuses.
struct RuleNames {
  std::vector<const Value*> notifiable;
  std::vector<const Value*> refused;
};

/// What a rule turns into, decided before anything is changed.
struct RulePlan {
  bool notify = false;  // the rule denies, and at least one of its syscalls can be notified
  RuleNames names;
};

RulePlan plan_rule(const Value& rule, const std::string& where, KillRules kills, std::size_t& kernel_kills) {
  if (!rule.IsObject()) wrong_type(where, "an object", rule);
  RulePlan plan;
  const Value* action = find_field(rule, "action", where);
  if (action == nullptr) return plan;  // runc will say what is missing
  if (!action->IsString()) wrong_type(where + ".action", "a string", *action);
  const std::string_view act(action->GetString(), action->GetStringLength());
  if (!is_denying_action(act)) return plan;
  if (kills == KillRules::kStay && is_kill_action(act)) {
    ++kernel_kills;  // the kernel's own, seen in its audit records
    return plan;
  }

  const Value* names = find_field(rule, "names", where);
  if (names == nullptr || names->IsNull()) return plan;
  if (!names->IsArray()) wrong_type(where + ".names", "an array", *names);
  for (const Value& name : names->GetArray()) {
    if (!name.IsString()) wrong_type(where + ".names[]", "a string", name);
    const std::string_view syscall(name.GetString(), name.GetStringLength());
    (runtime_refuses_notify(syscall) ? plan.names.refused : plan.names.notifiable).push_back(&name);
  }
  plan.notify = !plan.names.notifiable.empty();
  return plan;
}

/// A copy of `rule` whose names are `names` (in their original order).
Value copy_with_names(const Value& rule, const std::vector<const Value*>& names, Value::AllocatorType& alloc) {
  Value copy(rule, alloc);
  Value* list = find_field(copy, "names", "rule");
  list->SetArray();
  for (const Value* name : names) list->PushBack(Value(*name, alloc), alloc);
  return copy;
}

/// Turns a copy of a denying rule into its NOTIFY form, in place, keeping member order.
void make_notify(Value& rule, Value::AllocatorType& alloc) {
  find_field(rule, "action", "rule")
      ->SetString(kActNotify.data(), static_cast<rapidjson::SizeType>(kActNotify.size()), alloc);
  // runc rejects errnoRet on anything but ERRNO/TRACE. EraseMember keeps the order
  // of the other members (RemoveMember would move the last one here).
  const Value* errno_ret = find_field(rule, "errnoRet", "rule");
  for (auto it = rule.MemberBegin(); errno_ret != nullptr && it != rule.MemberEnd(); ++it) {
    if (&it->value == errno_ret) {
      rule.EraseMember(it);
      break;
    }
  }
}

/// Syscalls that x86_64 has numbers for but no kernel implements (they fail with
/// ENOSYS): a rule that notifies them changes nothing for anyone.
constexpr std::string_view kAnchors[] = {"tuxcall", "afs_syscall", "security", "getpmsg", "putpmsg", "vserver"};

/// A SCMP_ACT_NOTIFY rule for the anchors that no rule of the profile names, so
/// that the runtime makes a listener and the monitor gets the container's
/// notify fd, whose hang-up tells it the container is gone. Should a program
/// call one, the monitor answers as the profile would (the kernel's ENOSYS where
/// it allows it).
Value anchor_rule(const Value& rules, Value::AllocatorType& alloc) {
  std::vector<std::string> names;
  for (const std::string_view anchor : kAnchors) {
    const bool named = std::any_of(rules.Begin(), rules.End(), [&](const Value& rule) {
      const Value* list = rule.IsObject() ? find_field(rule, "names", "rule") : nullptr;
      return list != nullptr && list->IsArray() && std::any_of(list->Begin(), list->End(), [&](const Value& n) {
               return n.IsString() && anchor == n.GetString();
             });
    });
    if (!named) names.emplace_back(anchor);
  }
  return notify_rule(names, alloc);
}

}  // namespace

bool is_anchor_syscall(std::string_view name) {
  return std::find(std::begin(kAnchors), std::end(kAnchors), name) != std::end(kAnchors);
}

namespace {

RewriteResult only(RewriteOutcome outcome) {
  RewriteResult result;
  result.outcome = outcome;
  return result;
}

/// A SCMP_ACT_NOTIFY rule for the calls of `name` that `conditions` match.
Value complement_rule(const ComplementRule& complement, Value::AllocatorType& alloc) {
  Value rule = notify_rule({complement.name}, alloc);
  if (complement.conditions.empty()) return rule;
  Value args(rapidjson::kArrayType);
  for (const ArgCondition& c : complement.conditions) {
    Value arg(rapidjson::kObjectType);
    arg.AddMember("index", c.index, alloc);
    arg.AddMember("value", c.value, alloc);
    if (c.op == CompareOp::kMaskedEq) arg.AddMember("valueTwo", c.value_two, alloc);
    const std::string_view op = compare_op_name(c.op);
    arg.AddMember("op", Value(op.data(), static_cast<rapidjson::SizeType>(op.size()), alloc), alloc);
    args.PushBack(arg, alloc);
  }
  rule.AddMember("args", args, alloc);
  return rule;
}

/// Takes `names` out of the conditional allowing rules (a rule left without
/// names goes): every call of them is notified, and the monitor lets through
/// what those rules allowed.
void take_out_of_conditional_allows(Value& rules, const std::vector<std::string>& names, Value::AllocatorType& alloc) {
  Value kept(rapidjson::kArrayType);
  for (Value& rule : rules.GetArray()) {
    Value* list = rule.IsObject() ? find_field(rule, "names", "rule") : nullptr;
    const Value* action = rule.IsObject() ? find_field(rule, "action", "rule") : nullptr;
    const Value* args = rule.IsObject() ? find_field(rule, "args", "rule") : nullptr;
    const bool conditional_allow = list != nullptr && list->IsArray() && action != nullptr && action->IsString() &&
                                   is_allowing_action(action->GetString()) && args != nullptr && args->IsArray() &&
                                   !args->Empty();
    if (conditional_allow) {
      for (auto it = list->Begin(); it != list->End();)
        it = it->IsString() && std::find(names.begin(), names.end(), it->GetString()) != names.end() ? list->Erase(it)
                                                                                                     : it + 1;
      if (list->Empty()) continue;
    }
    kept.PushBack(rule, alloc);  // moves
  }
  rules = kept;
}

}  // namespace

std::string describe(const RewriteResult& result) {
  switch (result.outcome) {
    case RewriteOutcome::kRewritten:
      return std::to_string(result.rules_rewritten) + " denying rule(s) now notify" +
             (result.rules_split > 0 ? ", " + std::to_string(result.rules_split) + " kept write apart" : "") +
             (result.syscalls_added > 0
                  ? ", " + std::to_string(result.syscalls_added) + " syscall(s) of the default action added"
                  : "") +
             (result.judged.empty() ? "" : ", " + std::to_string(result.judged.size()) + " judged by argument rules") +
             (result.complement_rules == 0
                  ? ""
                  : ", " + std::to_string(result.complement_rules) + " rule(s) for calls refused by conditions") +
             (result.judged_whole.empty()
                  ? ""
                  : ", " + std::to_string(result.judged_whole.size()) + " judged from registers by the monitor") +
             (result.kernel_kills == 0
                  ? ""
                  : ", " + std::to_string(result.kernel_kills) + " kill rule(s) left the kernel's") +
             (result.blind_spots.empty()
                  ? ""
                  : ", " + std::to_string(result.blind_spots.size()) +
                        " blind spot(s) (allowed only under conditions of a TRAP or TRACE rule)");
    case RewriteOutcome::kNoSeccomp: return "the container has no seccomp profile";
    case RewriteOutcome::kListenerPathSet:
      return "linux.seccomp.listenerPath is already set (CRI-O's notifier or another agent owns it)";
    case RewriteOutcome::kNothingToRewrite: return "no seccomp rule denies a syscall that can be notified";
  }
  return "unknown outcome";
}

RewriteResult rewrite_seccomp(rapidjson::Document& config, std::string_view listener_path, CoverageMode coverage,
                              const std::set<std::string>& judged, KillRules kills) {
  RewriteResult result;
  if (!config.IsObject()) wrong_type("config", "an object", config);
  Value* linux = find_field(config, "linux", "config");
  if (linux == nullptr || linux->IsNull()) return only(RewriteOutcome::kNoSeccomp);
  if (!linux->IsObject()) wrong_type("linux", "an object", *linux);
  Value* seccomp = find_field(*linux, "seccomp", "linux");
  if (seccomp == nullptr || seccomp->IsNull()) return only(RewriteOutcome::kNoSeccomp);
  if (!seccomp->IsObject()) wrong_type("linux.seccomp", "an object", *seccomp);

  Value* listener = find_field(*seccomp, "listenerPath", "linux.seccomp");
  if (listener != nullptr && !listener->IsNull()) {
    if (!listener->IsString()) wrong_type("linux.seccomp.listenerPath", "a string", *listener);
    if (listener->GetStringLength() > 0) return only(RewriteOutcome::kListenerPathSet);
  }

  auto& alloc = config.GetAllocator();
  Value* syscalls = find_field(*seccomp, "syscalls", "linux.seccomp");
  if (syscalls != nullptr && !syscalls->IsNull() && !syscalls->IsArray())
    wrong_type("linux.seccomp.syscalls", "an array", *syscalls);
  CoveragePlan plan;
  if (coverage == CoverageMode::kFull) {
    plan = plan_coverage(*seccomp, kills);
    result.syscalls_added = plan.default_denied.size();
    result.blind_spots = plan.blind_spots;
    result.complement_rules = plan.complemented.size();
    result.judged_whole = plan.judged_whole;
  }
  const std::size_t added = result.syscalls_added + result.complement_rules + result.judged_whole.size();
  if (!judged.empty()) {
    JudgedPlan judged_plan = plan_judged(*seccomp, judged);
    result.judged = std::move(judged_plan.notify);
    result.not_judged = std::move(judged_plan.refused);
  }
  if (syscalls == nullptr || syscalls->IsNull()) {
    if (added == 0 && result.judged.empty()) return result;
    Value empty(rapidjson::kArrayType);
    if (syscalls == nullptr) {
      seccomp->AddMember("syscalls", empty, alloc);
      syscalls = find_field(*seccomp, "syscalls", "linux.seccomp");
    } else {
      *syscalls = empty;
    }
  }

  // Decide everything first, so that a malformed rule leaves the document untouched.
  std::vector<RulePlan> plans;
  plans.reserve(syscalls->Size());
  for (rapidjson::SizeType i = 0; i < syscalls->Size(); ++i) {
    plans.push_back(
        plan_rule((*syscalls)[i], "linux.seccomp.syscalls[" + std::to_string(i) + "]", kills, result.kernel_kills));
    result.rules_rewritten += plans.back().notify ? 1 : 0;
    result.rules_split += plans.back().notify && !plans.back().names.refused.empty() ? 1 : 0;
  }
  // Kills that stay the kernel's need a monitor all the same, which comes with the
  // runtime's notify fd: a profile that notifies nothing else notifies one anchor.
  const Value* default_action = find_field(*seccomp, "defaultAction", "linux.seccomp");
  const bool kill_default = default_action != nullptr && default_action->IsString() &&
                            is_kill_action({default_action->GetString(), default_action->GetStringLength()});
  const bool anchor = kills == KillRules::kStay && (result.kernel_kills > 0 || kill_default) &&
                      result.rules_rewritten == 0 && added == 0 && result.judged.empty();
  if (result.rules_rewritten == 0 && added == 0 && result.judged.empty() && !anchor) return result;

  Value rewritten(rapidjson::kArrayType);
  rewritten.Reserve(syscalls->Size() + static_cast<rapidjson::SizeType>(result.rules_split), alloc);
  for (rapidjson::SizeType i = 0; i < syscalls->Size(); ++i) {
    const Value& rule = (*syscalls)[i];
    const RulePlan& plan = plans[i];
    if (!plan.notify) {
      rewritten.PushBack(Value(rule, alloc), alloc);
      continue;
    }
    Value notify =
        plan.names.refused.empty() ? Value(rule, alloc) : copy_with_names(rule, plan.names.notifiable, alloc);
    make_notify(notify, alloc);
    rewritten.PushBack(notify, alloc);
    if (!plan.names.refused.empty()) rewritten.PushBack(copy_with_names(rule, plan.names.refused, alloc), alloc);
  }
  if (result.syscalls_added > 0) rewritten.PushBack(notify_rule(plan.default_denied, alloc), alloc);
  for (const ComplementRule& complement : plan.complemented)
    rewritten.PushBack(complement_rule(complement, alloc), alloc);
  if (!result.judged_whole.empty()) {
    take_out_of_conditional_allows(rewritten, result.judged_whole, alloc);
    rewritten.PushBack(notify_rule(result.judged_whole, alloc), alloc);
  }
  notify_judged(rewritten, result.judged, alloc);
  if (anchor) rewritten.PushBack(anchor_rule(*syscalls, alloc), alloc);
  *syscalls = rewritten;  // move assignment: the old rules are released with the document

  Value path(listener_path.data(), static_cast<rapidjson::SizeType>(listener_path.size()), alloc);
  if (listener != nullptr)
    *listener = path;
  else
    seccomp->AddMember("listenerPath", path, alloc);
  result.outcome = RewriteOutcome::kRewritten;
  return result;
}

}  // namespace common
