// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_judged.hpp"

#include <algorithm>
#include <map>

#include "json_doc.hpp"
#include "profile/seccomp_actions.hpp"

namespace common {
namespace {

using rapidjson::Value;

bool conditional(const Value& rule) {
  const Value* args = find_field(rule, "args", "rule");
  return args != nullptr && args->IsArray() && !args->Empty();
}

std::string action_of(const Value& rule) {
  const Value* action = find_field(rule, "action", "rule");
  return action != nullptr && action->IsString() ? action->GetString() : "";
}

/// Why the profile's rules keep a syscall from being judged; empty when they let it.
std::map<std::string, std::string> obstacles(const Value& seccomp) {
  std::map<std::string, std::string> why;
  const Value* rules = find_field(seccomp, "syscalls", "linux.seccomp");
  if (rules == nullptr || !rules->IsArray()) return why;
  for (const Value& rule : rules->GetArray()) {
    if (!rule.IsObject()) continue;
    const Value* names = find_field(rule, "names", "rule");
    if (names == nullptr || !names->IsArray()) continue;
    const std::string action = action_of(rule);
    std::string reason;
    if (is_denying_action(action))
      reason = "the profile denies it already";
    else if (conditional(rule))
      reason = "the profile allows it only under conditions";
    else if (action != "SCMP_ACT_ALLOW")
      reason = "the profile's action for it is " + action;
    for (const Value& name : names->GetArray())
      if (name.IsString() && !reason.empty()) why.emplace(name.GetString(), reason);
  }
  return why;
}

bool named_anywhere(const Value& seccomp, const std::string& syscall) {
  const Value* rules = find_field(seccomp, "syscalls", "linux.seccomp");
  if (rules == nullptr || !rules->IsArray()) return false;
  for (const Value& rule : rules->GetArray()) {
    const Value* names = rule.IsObject() ? find_field(rule, "names", "rule") : nullptr;
    if (names == nullptr || !names->IsArray()) continue;
    for (const Value& name : names->GetArray())
      if (name.IsString() && syscall == name.GetString()) return true;
  }
  return false;
}

}  // namespace

JudgedPlan plan_judged(const Value& seccomp, const std::set<std::string>& names) {
  JudgedPlan plan;
  const auto why = obstacles(seccomp);
  const Value* default_action = find_field(seccomp, "defaultAction", "linux.seccomp");
  const bool default_denies =
      default_action != nullptr && default_action->IsString() && is_denying_action(default_action->GetString());
  for (const auto& name : names) {
    if (runtime_refuses_notify(name)) {
      plan.refused.push_back(name + ": runc cannot notify it");
    } else if (const auto it = why.find(name); it != why.end()) {
      plan.refused.push_back(name + ": " + it->second);
    } else if (!named_anywhere(seccomp, name) && default_denies) {
      plan.refused.push_back(name + ": the profile's default action denies it already");
    } else {
      plan.notify.push_back(name);
    }
  }
  return plan;
}

Value notify_rule(const std::vector<std::string>& names, Value::AllocatorType& alloc) {
  Value list(rapidjson::kArrayType);
  for (const auto& name : names)
    list.PushBack(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), alloc), alloc);
  Value rule(rapidjson::kObjectType);
  rule.AddMember("names", list, alloc);
  rule.AddMember("action", Value(kActNotify.data(), static_cast<rapidjson::SizeType>(kActNotify.size())), alloc);
  return rule;
}

void notify_judged(Value& rules, const std::vector<std::string>& names, Value::AllocatorType& alloc) {
  if (names.empty()) return;
  const auto judged = [&](const Value& name) {
    return name.IsString() && std::find(names.begin(), names.end(), name.GetString()) != names.end();
  };
  Value kept(rapidjson::kArrayType);
  for (Value& rule : rules.GetArray()) {
    Value* list = rule.IsObject() ? find_field(rule, "names", "rule") : nullptr;
    if (list != nullptr && list->IsArray() && action_of(rule) == "SCMP_ACT_ALLOW" && !conditional(rule)) {
      // Erase keeps the order of the other names.
      for (auto it = list->Begin(); it != list->End();) it = judged(*it) ? list->Erase(it) : it + 1;
      if (list->Empty()) continue;
    }
    kept.PushBack(rule, alloc);  // moves
  }
  kept.PushBack(notify_rule(names, alloc), alloc);
  rules = kept;
}

}  // namespace common
