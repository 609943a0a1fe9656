// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_profile.hpp"

#include <algorithm>
#include <cerrno>

#include "json_doc.hpp"
#include "profile/seccomp_actions.hpp"

namespace common {
namespace {

using rapidjson::Value;

}  // namespace

namespace {

struct OpName {
  CompareOp op;
  std::string_view name;
};
constexpr OpName kOpNames[] = {
    {CompareOp::kNe, "SCMP_CMP_NE"},
    {CompareOp::kLt, "SCMP_CMP_LT"},
    {CompareOp::kLe, "SCMP_CMP_LE"},
    {CompareOp::kEq, "SCMP_CMP_EQ"},
    {CompareOp::kGe, "SCMP_CMP_GE"},
    {CompareOp::kGt, "SCMP_CMP_GT"},
    {CompareOp::kMaskedEq, "SCMP_CMP_MASKED_EQ"},
};

}  // namespace

std::optional<CompareOp> parse_compare_op(std::string_view name) {
  for (const OpName& o : kOpNames)
    if (o.name == name) return o.op;
  return std::nullopt;
}

std::string_view compare_op_name(CompareOp op) {
  for (const OpName& o : kOpNames)
    if (o.op == op) return o.name;
  return "SCMP_CMP_EQ";
}

namespace {

std::uint64_t uint64_field(const Value& object, std::string_view name, const std::string& where) {
  const Value* value = find_field(object, name, where);
  if (value == nullptr || value->IsNull()) return 0;
  if (!value->IsUint64()) throw JsonError(where + "." + std::string(name) + ": expected an unsigned 64-bit number");
  return value->GetUint64();
}

/// runc: ERRNO without errnoRet is EPERM; SCMP_ACT_KILL is libseccomp's KILL (a thread).
/// `errno_key` is "errnoRet" for a rule, "defaultErrnoRet" for the default action.
std::optional<Verdict> verdict_of(std::string_view action, const Value& rule, const std::string& where,
                                  std::string_view errno_key = "errnoRet") {
  if (!is_denying_action(action)) return std::nullopt;
  if (action == "SCMP_ACT_KILL_PROCESS") return Verdict{Verdict::Kind::kKillProcess, 0};
  if (action != "SCMP_ACT_ERRNO") return Verdict{Verdict::Kind::kKillThread, 0};
  const Value* errno_ret = find_field(rule, errno_key, where);
  if (errno_ret == nullptr || errno_ret->IsNull()) return Verdict{Verdict::Kind::kErrno, EPERM};
  if (!errno_ret->IsUint()) throw JsonError(where + ".errnoRet: expected an unsigned number");
  return Verdict{Verdict::Kind::kErrno, static_cast<int>(errno_ret->GetUint())};
}

DenyRule parse_rule(const Verdict& verdict, const Value& rule, const std::string& where) {
  DenyRule out{verdict, {}, false};
  const Value* args = find_field(rule, "args", where);
  if (args == nullptr || args->IsNull()) return out;
  if (!args->IsArray()) throw JsonError(where + ".args: expected an array");
  std::array<unsigned, 6> per_index{};
  for (rapidjson::SizeType i = 0; i < args->Size(); ++i) {
    const Value& arg = (*args)[i];
    const std::string at = where + ".args[" + std::to_string(i) + "]";
    if (!arg.IsObject()) throw JsonError(at + ": expected an object");
    ArgCondition c;
    const std::uint64_t index = uint64_field(arg, "index", at);
    if (index > 5) throw JsonError(at + ".index: must be 0 to 5");
    c.index = static_cast<unsigned>(index);
    c.value = uint64_field(arg, "value", at);
    c.value_two = uint64_field(arg, "valueTwo", at);
    const Value* op = find_field(arg, "op", at);
    const auto parsed = op != nullptr && op->IsString() ? parse_compare_op(op->GetString()) : std::nullopt;
    if (!parsed) throw JsonError(at + ".op: not a libseccomp comparison");
    c.op = *parsed;
    out.any_condition = out.any_condition || ++per_index[c.index] > 1;
    out.conditions.push_back(c);
  }
  return out;
}

bool matches(const DenyRule& rule, const std::array<std::uint64_t, 6>& args) {
  if (rule.conditions.empty()) return true;
  const auto check = [&](const ArgCondition& c) { return holds(c, args[c.index]); };
  if (rule.any_condition) return std::any_of(rule.conditions.begin(), rule.conditions.end(), check);
  return std::all_of(rule.conditions.begin(), rule.conditions.end(), check);
}

}  // namespace

bool holds(const ArgCondition& c, std::uint64_t arg) {
  switch (c.op) {
    case CompareOp::kNe: return arg != c.value;
    case CompareOp::kLt: return arg < c.value;
    case CompareOp::kLe: return arg <= c.value;
    case CompareOp::kEq: return arg == c.value;
    case CompareOp::kGe: return arg >= c.value;
    case CompareOp::kGt: return arg > c.value;
    case CompareOp::kMaskedEq: return (arg & c.value) == c.value_two;
  }
  return false;
}

DenyRules DenyRules::from_seccomp(const rapidjson::Value& seccomp) {
  DenyRules out;
  if (!seccomp.IsObject()) throw JsonError("seccomp: expected an object");
  if (const Value* def = find_field(seccomp, "defaultErrnoRet", "seccomp"); def != nullptr && def->IsUint())
    out.default_errno_ = static_cast<int>(def->GetUint());
  if (const Value* def = find_field(seccomp, "defaultAction", "seccomp"); def != nullptr && def->IsString())
    out.default_verdict_ = verdict_of(def->GetString(), seccomp, "seccomp", "defaultErrnoRet");
  const Value* syscalls = find_field(seccomp, "syscalls", "seccomp");
  if (syscalls == nullptr || syscalls->IsNull()) return out;
  if (!syscalls->IsArray()) throw JsonError("seccomp.syscalls: expected an array");
  for (rapidjson::SizeType i = 0; i < syscalls->Size(); ++i) {
    const Value& rule = (*syscalls)[i];
    const std::string where = "seccomp.syscalls[" + std::to_string(i) + "]";
    if (!rule.IsObject()) throw JsonError(where + ": expected an object");
    const Value* action = find_field(rule, "action", where);
    if (action == nullptr || !action->IsString()) continue;
    const auto verdict = verdict_of(action->GetString(), rule, where);
    const bool allowing = is_allowing_action(action->GetString());
    if (!verdict && !allowing) continue;
    const DenyRule parsed = parse_rule(verdict.value_or(Verdict{}), rule, where);
    const Value* names = find_field(rule, "names", where);
    if (names == nullptr || !names->IsArray()) continue;
    auto& by_name = verdict ? out.rules_ : out.allowing_;
    for (const Value& name : names->GetArray())
      if (name.IsString()) by_name[name.GetString()].push_back(parsed);
  }
  return out;
}

std::optional<Verdict> DenyRules::verdict(const std::string& syscall, const std::array<std::uint64_t, 6>& args) const {
  const auto it = rules_.find(syscall);
  if (it == rules_.end()) return std::nullopt;
  for (const DenyRule& rule : it->second)
    if (matches(rule, args)) return rule.verdict;
  return std::nullopt;
}

bool DenyRules::allows(const std::string& syscall, const std::array<std::uint64_t, 6>& args) const {
  const auto& rules = allowing(syscall);
  return std::any_of(rules.begin(), rules.end(), [&](const DenyRule& rule) { return matches(rule, args); });
}

const std::vector<DenyRule>& DenyRules::allowing(const std::string& syscall) const {
  static const std::vector<DenyRule> kNone;
  const auto it = allowing_.find(syscall);
  return it == allowing_.end() ? kNone : it->second;
}

}  // namespace common
