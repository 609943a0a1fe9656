// SPDX-License-Identifier: Apache-2.0
#include "state/profile_suggest.hpp"

#include <algorithm>
#include <string_view>

#include "display_text.hpp"
#include "json_doc.hpp"

namespace common {
namespace {

using rapidjson::Value;

bool denies(std::string_view action) {
  return action != "SCMP_ACT_ALLOW" && action != "SCMP_ACT_LOG" && action != "SCMP_ACT_NOTIFY";
}

std::string action_of(const Value& rule) {
  const auto it = rule.FindMember("action");
  return it != rule.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

bool conditional(const Value& rule) {
  const auto it = rule.FindMember("args");
  return it != rule.MemberEnd() && it->value.IsArray() && !it->value.Empty();
}

bool names(const Value& rule, std::string_view syscall) {
  const auto it = rule.FindMember("names");
  if (it == rule.MemberEnd() || !it->value.IsArray()) return false;
  return std::any_of(it->value.Begin(), it->value.End(),
                     [&](const Value& n) { return n.IsString() && syscall == n.GetString(); });
}

/// "SCMP_ACT_ERRNO (errnoRet 1)".
std::string describe_action(const Value& rule) {
  std::string out = action_of(rule);
  const auto ret = rule.FindMember("errnoRet");
  if (ret != rule.MemberEnd() && ret->value.IsUint()) out += " (errnoRet " + std::to_string(ret->value.GetUint()) + ")";
  return out;
}

std::string who(const SeenSyscall& s) {
  std::string out = std::to_string(s.count) + (s.count == 1 ? " call" : " calls");
  if (!s.callers.empty()) out += " by";
  for (std::size_t i = 0; i < s.callers.size(); ++i) out += (i == 0 ? " " : ", ") + s.callers[i];
  if (s.klass == "probe") out += "; a probe: programs fall back from its ENOSYS";
  return out;
}

Value string_value(std::string_view text, rapidjson::Document::AllocatorType& a) {
  return Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), a);
}

Value allow_rule(const SeenSyscall& s, const ArgumentKey* key, rapidjson::Document::AllocatorType& a) {
  Value rule(rapidjson::kObjectType);
  Value list(rapidjson::kArrayType);
  list.PushBack(string_value(s.name, a), a);
  rule.AddMember("names", list, a);
  rule.AddMember("action", "SCMP_ACT_ALLOW", a);
  if (key != nullptr) {
    Value args(rapidjson::kArrayType);
    for (std::uint32_t i = 0; i < key->count; ++i) {
      const ArgCondition& c = key->conditions[i];
      Value arg(rapidjson::kObjectType);
      arg.AddMember("index", c.index, a);
      arg.AddMember("value", c.value, a);
      arg.AddMember("valueTwo", c.value_two, a);
      arg.AddMember("op", string_value(compare_op_name(c.op), a), a);
      args.PushBack(arg, a);
    }
    rule.AddMember("args", args, a);
  }
  rule.AddMember("comment", string_value("seccomp-witness: seen " + who(s), a), a);
  return rule;
}

/// Takes `syscall` out of every rule that denies it by name alone; the rules it
/// was taken out of, described. False when a rule denies it under conditions.
bool take_out(Value& rules, const std::string& syscall, std::vector<std::string>& from) {
  for (const Value& rule : rules.GetArray())
    if (rule.IsObject() && denies(action_of(rule)) && names(rule, syscall) && conditional(rule)) return false;
  for (Value& rule : rules.GetArray()) {
    if (!rule.IsObject() || !denies(action_of(rule)) || !names(rule, syscall)) continue;
    Value& list = rule["names"];
    for (auto n = list.Begin(); n != list.End();)
      n = n->IsString() && syscall == n->GetString() ? list.Erase(n) : n + 1;
    from.push_back(describe_action(rule));
  }
  // A rule left without names would name nothing: runc refuses it.
  for (auto r = rules.Begin(); r != rules.End();) {
    const bool empty = r->IsObject() && r->HasMember("names") && (*r)["names"].IsArray() && (*r)["names"].Empty();
    r = empty ? rules.Erase(r) : r + 1;
  }
  return true;
}

}  // namespace

std::vector<SeenSyscall> seen_syscalls(const std::vector<ContainerSummary>& summaries) {
  std::vector<SeenSyscall> out;
  const auto rank = [](const std::string& klass) { return klass == "violation" ? 2 : klass == "probe" ? 1 : 0; };
  for (const ContainerSummary& summary : summaries) {
    for (const SyscallSummary& sc : summary.syscalls) {
      if (sc.count == 0) continue;
      auto it = std::find_if(out.begin(), out.end(), [&](const SeenSyscall& s) { return s.name == sc.name; });
      if (it == out.end()) it = out.insert(out.end(), SeenSyscall{sc.name, 0, sc.klass, {}, {}, 0});
      it->count += sc.count;
      if (rank(sc.klass) > rank(it->klass)) it->klass = sc.klass;
      for (const CallerSummary& c : sc.callers) {
        // As the container named them: display text, whatever a record holds.
        const std::string caller = display_text(c.comm, kMaxCallerBytes) + " (" +
                                   (c.exe.empty() ? "?" : display_text(c.exe, kMaxCallerBytes)) + ")";
        if (std::find(it->callers.begin(), it->callers.end(), caller) == it->callers.end())
          it->callers.push_back(caller);
      }
      for (const ArgumentKey& key : sc.arguments)
        if (std::find(it->arguments.begin(), it->arguments.end(), key) == it->arguments.end())
          it->arguments.push_back(key);
      it->arguments_dropped += sc.arguments_dropped;
    }
  }
  return out;
}

Suggestion suggest_profile(const rapidjson::Value& original, const std::vector<SeenSyscall>& seen) {
  Suggestion out;
  auto& a = out.seccomp.GetAllocator();
  out.seccomp.CopyFrom(original, a);
  if (!out.seccomp.IsObject()) throw JsonError("linux.seccomp: not an object");
  out.seccomp.RemoveMember("listenerPath");
  out.seccomp.RemoveMember("listenerMetadata");
  if (!out.seccomp.HasMember("syscalls") || !out.seccomp["syscalls"].IsArray())
    out.seccomp.AddMember("syscalls", Value(rapidjson::kArrayType), a);
  Value& rules = out.seccomp["syscalls"];
  const bool default_denies = denies(out.seccomp.HasMember("defaultAction") && out.seccomp["defaultAction"].IsString()
                                         ? out.seccomp["defaultAction"].GetString()
                                         : "SCMP_ACT_ALLOW");
  for (const SeenSyscall& s : seen) {
    std::vector<std::string> from;
    if (!take_out(rules, s.name, from)) {
      out.imprecise.push_back(s.name + ": the profile denies it under conditions; left as it is (" + who(s) + ")");
      continue;
    }
    for (const std::string& rule : from) out.changes.push_back("- " + s.name + ": no longer denied by name by " + rule);
    const bool keyed = !s.arguments.empty() && s.arguments_dropped == 0;
    if (!default_denies) {
      if (!s.arguments.empty())
        out.imprecise.push_back(s.name +
                                ": allowed with any arguments: the profile allows what it does not name, and "
                                "named it whole");
      continue;
    }
    if (keyed) {
      for (const ArgumentKey& key : s.arguments) {
        rules.PushBack(allow_rule(s, &key, a), a);
        out.changes.push_back("+ " + s.name + " when " + describe(key) + ": allowed (" + who(s) + ")");
      }
      out.narrowed.push_back(s.name + ": calls with other arguments stay denied (seen in full coverage only)");
      continue;
    }
    rules.PushBack(allow_rule(s, nullptr, a), a);
    out.changes.push_back("+ " + s.name + ": allowed (" + who(s) + ")");
    if (s.arguments_dropped > 0)
      out.imprecise.push_back(s.name + ": allowed with any arguments: more distinct argument values were seen than " +
                              "the monitor keeps");
    else if (s.name == "clone3")
      out.imprecise.push_back("clone3: allowed with any flags: they are in memory, where seccomp cannot look");
  }
  return out;
}

}  // namespace common
