// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_invert.hpp"

#include <map>
#include <optional>
#include <set>

#include "json_doc.hpp"
#include "profile/seccomp_actions.hpp"
#include "profile/seccomp_lint.hpp"
#include "profile/syscall_table.hpp"

namespace common {
namespace {

using rapidjson::Value;
using Alloc = Value::AllocatorType;

std::string text(const Value* value) {
  return value != nullptr && value->IsString() ? value->GetString() : "";
}

const Value* args_of(const Value& rule) {
  const Value* args = find_field(rule, "args", "rule");
  return args != nullptr && args->IsArray() && !args->Empty() ? args : nullptr;
}

std::optional<std::string> inverse_op(const std::string& op) {
  static const std::map<std::string, std::string> kInverse = {
      {"SCMP_CMP_EQ", "SCMP_CMP_NE"}, {"SCMP_CMP_NE", "SCMP_CMP_EQ"}, {"SCMP_CMP_LT", "SCMP_CMP_GE"},
      {"SCMP_CMP_GE", "SCMP_CMP_LT"}, {"SCMP_CMP_LE", "SCMP_CMP_GT"}, {"SCMP_CMP_GT", "SCMP_CMP_LE"}};
  const auto it = kInverse.find(op);
  return it == kInverse.end() ? std::nullopt : std::optional(it->second);
}

/// A comparison with its op inverted; nullopt for MASKED_EQ, which has no inverse.
std::optional<Value> inverted(const Value& condition, Alloc& alloc) {
  const auto op = inverse_op(text(find_field(condition, "op", "args[]")));
  if (!op) return std::nullopt;
  Value copy(condition, alloc);
  find_field(copy, "op", "args[]")->SetString(op->c_str(), static_cast<rapidjson::SizeType>(op->size()), alloc);
  return copy;
}

std::uint64_t index_of(const Value& condition) {
  const Value* index = find_field(condition, "index", "args[]");
  return index != nullptr && index->IsUint64() ? index->GetUint64() : 0;
}

/// The denying action of the old default, as a rule's members.
Value deny_rule(const Value& names, const Value& seccomp, Alloc& alloc) {
  Value rule(rapidjson::kObjectType);
  rule.AddMember("names", Value(names, alloc), alloc);
  rule.AddMember("action", Value(text(find_field(seccomp, "defaultAction", "seccomp")).c_str(), alloc), alloc);
  if (const Value* errno_ret = find_field(seccomp, "defaultErrnoRet", "seccomp"); errno_ret != nullptr)
    rule.AddMember("errnoRet", Value(*errno_ret, alloc), alloc);
  return rule;
}

Value name_list(const std::string& name, Alloc& alloc) {
  Value names(rapidjson::kArrayType);
  names.PushBack(Value(name.c_str(), alloc), alloc);
  return names;
}

/// The denying rules for "none of `allows` holds", or why no rules can say it.
/// Several allow rules of one comparison each: one deny rule ANDing the inverses,
/// if they compare distinct arguments. One allow rule ANDing comparisons of
/// distinct arguments: one deny rule per inverted comparison (any failing denies).
std::optional<std::vector<Value>> complement(const std::string& name, const std::vector<const Value*>& allows,
                                             const Value& seccomp, Alloc& alloc, std::string& why) {
  std::vector<Value> rules;
  std::set<std::uint64_t> indices;
  if (allows.size() == 1) {
    for (const Value& c : args_of(*allows[0])->GetArray()) {
      if (!indices.insert(index_of(c)).second) {
        why = "its allow rule compares one argument twice (ORed by runc)";
        return std::nullopt;
      }
      auto inverse = inverted(c, alloc);
      if (!inverse) {
        why = "SCMP_CMP_MASKED_EQ has no inverse comparison";
        return std::nullopt;
      }
      Value rule = deny_rule(name_list(name, alloc), seccomp, alloc);
      Value args(rapidjson::kArrayType);
      args.PushBack(*inverse, alloc);
      rule.AddMember("args", args, alloc);
      rules.push_back(std::move(rule));
    }
    return rules;
  }
  Value args(rapidjson::kArrayType);
  for (const Value* allow : allows) {
    const Value& conditions = *args_of(*allow);
    if (conditions.Size() != 1) {
      why = std::to_string(allows.size()) + " allow rules with several comparisons each";
      return std::nullopt;
    }
    if (!indices.insert(index_of(conditions[0])).second) {
      why = "allowed for any of several values of argument " + std::to_string(index_of(conditions[0])) +
            "; \"none of them\" needs comparisons of one argument ANDed, which runc ORs";
      return std::nullopt;
    }
    auto inverse = inverted(conditions[0], alloc);
    if (!inverse) {
      why = "SCMP_CMP_MASKED_EQ has no inverse comparison";
      return std::nullopt;
    }
    args.PushBack(*inverse, alloc);
  }
  Value rule = deny_rule(name_list(name, alloc), seccomp, alloc);
  rule.AddMember("args", args, alloc);
  rules.push_back(std::move(rule));
  return rules;
}

}  // namespace

InvertResult invert_profile(const Value& seccomp) {
  if (!seccomp.IsObject()) throw JsonError("linux.seccomp: expected an object");
  if (!is_denying_action(text(find_field(seccomp, "defaultAction", "linux.seccomp"))))
    throw JsonError("linux.seccomp: defaultAction does not deny; the profile is allow-by-default already");
  const Value* rules = find_field(seccomp, "syscalls", "linux.seccomp");
  if (rules != nullptr && !rules->IsNull() && !rules->IsArray())
    throw JsonError("linux.seccomp.syscalls: expected an array");

  InvertResult result;
  auto& doc = result.profile;
  doc.SetObject();
  auto& alloc = doc.GetAllocator();
  // How the profile treats each name.
  std::set<std::string> allowed;  // unconditionally, or named by a non-denying rule we keep
  std::map<std::string, std::vector<const Value*>> conditional_allows;
  Value kept(rapidjson::kArrayType);
  const Value no_rules(rapidjson::kArrayType);
  for (const Value& rule : (rules != nullptr && rules->IsArray() ? *rules : no_rules).GetArray()) {
    if (!rule.IsObject()) throw JsonError("linux.seccomp.syscalls[]: expected an object");
    const std::string action = text(find_field(rule, "action", "rule"));
    const Value* names = find_field(rule, "names", "rule");
    if (names == nullptr || !names->IsArray()) continue;
    const bool allow = action == "SCMP_ACT_ALLOW";
    if (!allow) kept.PushBack(Value(rule, alloc), alloc);  // denials and LOG/TRACE/NOTIFY rules stay as they are
    for (const Value& name : names->GetArray()) {
      if (!name.IsString()) continue;
      if (allow && args_of(rule) != nullptr)
        conditional_allows[name.GetString()].push_back(&rule);
      else
        allowed.insert(name.GetString());  // allowed, or handled by its own kept rule
    }
  }

  Value deny_names(rapidjson::kArrayType);
  for (const auto& name : known_syscalls(profile_architectures(seccomp))) {
    if (allowed.contains(name)) continue;
    const auto it = conditional_allows.find(name);
    if (it == conditional_allows.end()) {
      deny_names.PushBack(Value(name.c_str(), alloc), alloc);
      continue;
    }
    std::string why;
    auto complements = complement(name, it->second, seccomp, alloc, why);
    if (!complements) {
      result.not_inverted.push_back(name + ": " + why);
      continue;
    }
    ++result.complemented;
    for (auto& rule : *complements) kept.PushBack(rule, alloc);
  }
  result.denied_by_default = deny_names.Size();

  // The section, in the order runc's own have it.
  for (const auto& member : seccomp.GetObject()) {
    const std::string key = member.name.GetString();
    if (key == "syscalls" || key == "defaultErrnoRet" || key == "listenerPath") continue;
    if (key == "defaultAction") {
      doc.AddMember("defaultAction", "SCMP_ACT_ALLOW", alloc);
      continue;
    }
    doc.AddMember(Value(key.c_str(), alloc), Value(member.value, alloc), alloc);
  }
  Value syscalls(rapidjson::kArrayType);
  if (!deny_names.Empty()) syscalls.PushBack(deny_rule(deny_names, seccomp, alloc), alloc);
  for (auto& rule : kept.GetArray()) syscalls.PushBack(rule, alloc);
  doc.AddMember("syscalls", syscalls, alloc);
  return result;
}

}  // namespace common
