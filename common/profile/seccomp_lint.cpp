// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_lint.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "json_doc.hpp"
#include "profile/syscall_table.hpp"

namespace common {
namespace {

using rapidjson::Value;

std::string text(const Value* value) {
  return value != nullptr && value->IsString() ? std::string(value->GetString(), value->GetStringLength()) : "";
}

std::string names_of(const Value& rule) {
  const Value* names = find_field(rule, "names", "rule");
  std::string out;
  if (names == nullptr || !names->IsArray()) return text(find_field(rule, "name", "rule"));
  for (const Value& name : names->GetArray()) {
    if (!name.IsString()) continue;
    if (out.size() > 60) return out + ", ...";
    out += (out.empty() ? "" : ", ") + std::string(name.GetString());
  }
  return out;
}

void check_conditions(const Value& args, const std::string& where, std::vector<LintWarning>& out) {
  std::map<std::uint64_t, int> per_index;
  for (const Value& arg : args.GetArray()) {
    if (!arg.IsObject()) continue;
    const Value* index = find_field(arg, "index", "args[]");
    if (index != nullptr && index->IsUint64()) ++per_index[index->GetUint64()];
    if (text(find_field(arg, "op", "args[]")) == "SCMP_CMP_MASKED_EQ")
      out.push_back({where,
                     "SCMP_CMP_MASKED_EQ has no inverse comparison: the complement of this rule cannot be "
                     "written as a rule"});
  }
  for (const auto& [index, count] : per_index) {
    if (count < 2) continue;
    out.push_back({where, std::to_string(count) + " comparisons of argument " + std::to_string(index) +
                              ": runc ORs comparisons of one argument (each becomes a rule of its own), so any one "
                              "of them matching is enough; \"not A and not B\" cannot be said this way"});
  }
}

}  // namespace

std::vector<std::string> profile_architectures(const Value& profile) {
  std::set<std::string> arches;
  if (const Value* list = find_field(profile, "architectures", "profile"); list != nullptr && list->IsArray())
    for (const Value& a : list->GetArray()) arches.insert(text(&a));
  if (const Value* map = find_field(profile, "archMap", "profile"); map != nullptr && map->IsArray()) {
    for (const Value& entry : map->GetArray()) {
      if (!entry.IsObject()) continue;
      arches.insert(text(find_field(entry, "architecture", "archMap[]")));
      if (const Value* subs = find_field(entry, "subArchitectures", "archMap[]"); subs != nullptr && subs->IsArray())
        for (const Value& s : subs->GetArray()) arches.insert(text(&s));
    }
  }
  arches.erase("");
  return {arches.begin(), arches.end()};
}

std::vector<LintWarning> lint_profile(const Value& profile) {
  if (!profile.IsObject()) throw JsonError("profile: expected an object");
  std::vector<LintWarning> out;
  const std::string default_action = text(find_field(profile, "defaultAction", "profile"));
  const Value* default_errno = find_field(profile, "defaultErrnoRet", "profile");
  const auto arches = profile_architectures(profile);
  const auto known_list = known_syscalls(arches);
  const std::set<std::string> known(known_list.begin(), known_list.end());

  const Value* rules = find_field(profile, "syscalls", "profile");
  if (rules == nullptr || rules->IsNull()) return out;
  if (!rules->IsArray()) throw JsonError("profile.syscalls: expected an array");
  for (rapidjson::SizeType i = 0; i < rules->Size(); ++i) {
    const Value& rule = (*rules)[i];
    if (!rule.IsObject()) continue;
    const std::string where = "syscalls[" + std::to_string(i) + "] (" + names_of(rule) + ")";
    const std::string action = text(find_field(rule, "action", where));
    const Value* errno_ret = find_field(rule, "errnoRet", where);
    const bool same_errno = (errno_ret == nullptr && default_errno == nullptr) ||
                            (errno_ret != nullptr && default_errno != nullptr && *errno_ret == *default_errno);
    if (!action.empty() && action == default_action && same_errno)
      out.push_back({where, "its action is the default action (" + action + "): the rule changes nothing"});
    if (const Value* args = find_field(rule, "args", where); args != nullptr && args->IsArray())
      check_conditions(*args, where, out);
    if (const Value* names = find_field(rule, "names", where); names != nullptr && names->IsArray() && !known.empty())
      for (const Value& name : names->GetArray())
        if (name.IsString() && !known.contains(name.GetString()))
          out.push_back({where, std::string(name.GetString()) +
                                    " is unknown to libseccomp on the profile's architectures: runc skips it"});
  }
  return out;
}

}  // namespace common
