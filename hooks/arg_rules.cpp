// SPDX-License-Identifier: Apache-2.0
#include "arg_rules.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "constants.hpp"
#include "json_doc.hpp"
#include "plain_options.hpp"

namespace hooks {
namespace {

using common::JsonError;
using rapidjson::Value;

constexpr std::size_t kMaxOptionBytes = 4096;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw JsonError(where + ": " + what);
}

std::uint64_t number(const Value& value, const std::string& where) {
  if (value.IsUint64()) return value.GetUint64();
  if (value.IsInt64()) return static_cast<std::uint64_t>(value.GetInt64());  // -1 is all ones, as in C
  if (value.IsString()) {
    if (const auto known = constant_value({value.GetString(), value.GetStringLength()})) return *known;
    fail(where, "unknown constant '" + std::string(value.GetString()) + "'");
  }
  fail(where, "expected a number or a constant's name");
}

void check_members(const Value& object, std::initializer_list<std::string_view> known, const std::string& where) {
  if (!object.IsObject()) fail(where, "expected an object");
  for (const auto& member : object.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    if (std::find(known.begin(), known.end(), name) == known.end())
      fail(where, "unknown member \"" + std::string(name) + "\"");
  }
}

RuleCondition condition(const Value& object, const std::string& where, bool with_index) {
  if (with_index)
    check_members(object, {"index", "value", "values", "valueTwo", "op"}, where);
  else
    check_members(object, {"value", "values", "valueTwo", "op"}, where);
  RuleCondition c;
  if (with_index) {
    const auto index = object.FindMember("index");
    if (index == object.MemberEnd() || !index->value.IsUint() || index->value.GetUint() > 5)
      fail(where, "index must be 0 to 5");
    c.index = index->value.GetUint();
  }
  const auto op = object.FindMember("op");
  const auto parsed =
      op != object.MemberEnd() && op->value.IsString() ? common::parse_compare_op(op->value.GetString()) : std::nullopt;
  if (!parsed) fail(where, "op must be one of SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT, _MASKED_EQ");
  c.op = *parsed;
  const auto value = object.FindMember("value");
  const auto values = object.FindMember("values");
  if ((value == object.MemberEnd()) == (values == object.MemberEnd())) fail(where, "give either value or values");
  if (value != object.MemberEnd()) c.values.push_back(number(value->value, where + ".value"));
  if (values != object.MemberEnd()) {
    if (!values->value.IsArray() || values->value.Empty()) fail(where, "values must be a non-empty array");
    if (c.op != common::CompareOp::kEq && c.op != common::CompareOp::kNe && c.op != common::CompareOp::kMaskedEq)
      fail(where, "values goes with SCMP_CMP_EQ, SCMP_CMP_NE or SCMP_CMP_MASKED_EQ only");
    for (const Value& v : values->value.GetArray()) c.values.push_back(number(v, where + ".values[]"));
  }
  if (const auto two = object.FindMember("valueTwo"); two != object.MemberEnd())
    c.value_two = number(two->value, where + ".valueTwo");
  return c;
}

ArgRule rule(const Value& object, const std::string& where) {
  check_members(object, {"names", "action", "errnoRet", "args", "optval", "comment"}, where);
  ArgRule r;
  const auto names = object.FindMember("names");
  if (names == object.MemberEnd() || !names->value.IsArray() || names->value.Empty())
    fail(where, "names must be a non-empty array of syscall names");
  for (const Value& name : names->value.GetArray()) {
    if (!name.IsString()) fail(where + ".names[]", "expected a string");
    r.names.emplace_back(name.GetString(), name.GetStringLength());
  }
  const auto action = object.FindMember("action");
  if (action == object.MemberEnd() || !action->value.IsString() ||
      std::strcmp(action->value.GetString(), "SCMP_ACT_ERRNO") != 0)
    fail(where, "action must be SCMP_ACT_ERRNO (a rule denies what it matches)");
  if (const auto errno_ret = object.FindMember("errnoRet"); errno_ret != object.MemberEnd()) {
    if (!errno_ret->value.IsUint() || errno_ret->value.GetUint() > 4095) fail(where, "errnoRet must be 0 to 4095");
    r.errno_value = static_cast<int>(errno_ret->value.GetUint());
  }
  if (const auto args = object.FindMember("args"); args != object.MemberEnd()) {
    if (!args->value.IsArray()) fail(where + ".args", "expected an array");
    for (rapidjson::SizeType i = 0; i < args->value.Size(); ++i)
      r.args.push_back(condition(args->value[i], where + ".args[" + std::to_string(i) + "]", true));
  }
  // A note for people: a string, never a place to hide nested JSON in.
  if (const auto comment = object.FindMember("comment"); comment != object.MemberEnd() && !comment->value.IsString())
    fail(where, "comment must be a string");
  if (const auto optval = object.FindMember("optval"); optval != object.MemberEnd()) {
    if (r.names != std::vector<std::string>{"setsockopt"})
      fail(where, "optval is known for setsockopt only, in a rule of its own");
    r.optval = condition(optval->value, where + ".optval", false);
  }
  return r;
}

bool names(const ArgRule& rule, const std::string& syscall) {
  return std::find(rule.names.begin(), rule.names.end(), syscall) != rule.names.end();
}

}  // namespace

bool RuleCondition::holds(std::uint64_t arg) const {
  const auto one = [&](std::uint64_t value) { return common::holds({index, value, value_two, op}, arg); };
  if (op == common::CompareOp::kNe) return std::all_of(values.begin(), values.end(), one);
  return std::any_of(values.begin(), values.end(), one);
}

ArgRules ArgRules::parse(std::string_view json, std::string_view origin) {
  const rapidjson::Document doc = common::parse_json(json, origin);
  if (!doc.IsArray()) fail(std::string(origin), "expected an array of rules");
  ArgRules out;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i)
    out.rules_.push_back(rule(doc[i], std::string(origin) + ": rule " + std::to_string(i)));
  return out;
}

std::set<std::string> ArgRules::syscalls() const {
  std::set<std::string> out;
  for (const auto& r : rules_) out.insert(r.names.begin(), r.names.end());
  return out;
}

ArgRules ArgRules::only(const std::set<std::string>& keep) const {
  ArgRules out;
  for (ArgRule r : rules_) {
    std::erase_if(r.names, [&](const std::string& name) { return !keep.contains(name); });
    if (!r.names.empty()) out.rules_.push_back(std::move(r));
  }
  return out;
}

bool ArgRules::reads_memory() const {
  return std::any_of(rules_.begin(), rules_.end(), [](const ArgRule& r) { return r.optval.has_value(); });
}

bool ArgRules::judges(const std::string& syscall) const {
  return std::any_of(rules_.begin(), rules_.end(), [&](const ArgRule& r) { return names(r, syscall); });
}

Decision ArgRules::decide(const std::string& syscall, const std::array<std::uint64_t, 6>& args,
                          const MemoryReader& read) const {
  bool judged = false;
  std::optional<std::vector<std::byte>> optval;  // copied once, used for the decision and the call
  int read_for = EPERM;                          // the errno of the rule that read it
  for (const ArgRule& r : rules_) {
    if (!names(r, syscall)) continue;
    judged = true;
    if (!std::all_of(r.args.begin(), r.args.end(), [&](const RuleCondition& c) { return c.holds(args[c.index]); }))
      continue;
    if (r.optval) {
      // Rules that could carry out another option are left out when read
      // (plain_options.hpp); should one come here all the same, nothing is read.
      if (!plain_value_option(args[1], args[2])) return {Decision::Kind::kFail, r.errno_value, {}};
      if (!optval) {
        // setsockopt(fd, level, optname, optval, optlen): an int option needs 4 bytes.
        if (args[4] < sizeof(std::uint32_t)) return {Decision::Kind::kFail, EINVAL, {}};
        optval = read(args[3], std::min<std::uint64_t>(args[4], kMaxOptionBytes));
        if (!optval) return {Decision::Kind::kFail, EFAULT, {}};
        read_for = r.errno_value;
      }
      std::uint32_t value = 0;
      std::memcpy(&value, optval->data(), sizeof value);
      if (!r.optval->holds(value)) continue;
    }
    return {Decision::Kind::kDeny, r.errno_value, {}};
  }
  if (!judged) return {};
  if (optval) return {Decision::Kind::kCarryOut, read_for, std::move(*optval)};
  return {Decision::Kind::kContinue, 0, {}};
}

}  // namespace hooks
