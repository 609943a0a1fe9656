// SPDX-License-Identifier: Apache-2.0
#include "suggest_yaml.hpp"

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

#include <string_view>

#include "display_text.hpp"

namespace ctl {
namespace {

using rapidjson::Value;

/// Text that may come from a container or a pod (names, callers): display text,
/// in a double-quoted scalar with everything beyond printable ASCII escaped, so
/// that no character of it can end the scalar or start a line of its own.
void quoted(YAML::Emitter& out, std::string_view text) {
  out << YAML::DoubleQuoted << common::display_text(text);
}

void scalar(YAML::Emitter& out, const Value& v) {
  if (v.IsString())
    quoted(out, {v.GetString(), v.GetStringLength()});
  else if (v.IsUint64())
    out << v.GetUint64();
  else if (v.IsInt64())
    out << v.GetInt64();
  else if (v.IsBool())
    out << v.GetBool();
  else
    out << YAML::Null;
}

void string_list(YAML::Emitter& out, const char* key, const Value& list) {
  if (!list.IsArray() || list.Empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const Value& item : list.GetArray()) scalar(out, item);
  out << YAML::EndSeq;
}

void rule(YAML::Emitter& out, const Value& r) {
  out << YAML::BeginMap;
  out << YAML::Key << "action" << YAML::Value;
  if (r.HasMember("action"))
    scalar(out, r["action"]);
  else
    out << YAML::Null;
  if (r.HasMember("errnoRet")) {
    out << YAML::Key << "errnoRet" << YAML::Value;
    scalar(out, r["errnoRet"]);
  }
  if (r.HasMember("names")) string_list(out, "names", r["names"]);
  if (r.HasMember("args") && r["args"].IsArray() && !r["args"].Empty()) {
    out << YAML::Key << "args" << YAML::Value << YAML::BeginSeq;
    for (const Value& a : r["args"].GetArray()) {
      if (!a.IsObject()) continue;
      out << YAML::BeginMap;
      for (const char* key : {"index", "value", "valueTwo", "op"}) {
        if (!a.HasMember(key)) continue;
        out << YAML::Key << key << YAML::Value;
        scalar(out, a[key]);
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

/// The rules to write: the objects of the section's "syscalls".
std::vector<const Value*> rules_of(const Value& seccomp) {
  std::vector<const Value*> out;
  if (!seccomp.HasMember("syscalls") || !seccomp["syscalls"].IsArray()) return out;
  for (const Value& r : seccomp["syscalls"].GetArray())
    if (r.IsObject()) out.push_back(&r);
  return out;
}

}  // namespace

std::string seccomp_profile_resource(const Value& seccomp, const ResourceMeta& meta,
                                     std::vector<std::string>& dropped) {
  const std::vector<const Value*> rules = rules_of(seccomp);
  YAML::Emitter out;
  out.SetOutputCharset(YAML::EscapeNonAscii);
  out << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "security-profiles-operator.x-k8s.io/v1beta1";
  out << YAML::Key << "kind" << YAML::Value << "SeccompProfile";
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value;
  quoted(out, meta.name);
  if (!meta.name_space.empty()) {
    out << YAML::Key << "namespace" << YAML::Value;
    quoted(out, meta.name_space);
  }
  // What was seen of each new rule (its callers among it) is an annotation: a
  // quoted string, where a comment could be ended by what a container named.
  out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "seccomp-witness.io/suggested-from" << YAML::Value;
  quoted(out, meta.from);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Value& r = *rules[i];
    if (!r.HasMember("comment") || !r["comment"].IsString()) continue;
    out << YAML::Key << "seccomp-witness.io/rule-" + std::to_string(i) << YAML::Value;
    quoted(out, {r["comment"].GetString(), r["comment"].GetStringLength()});
  }
  out << YAML::EndMap << YAML::EndMap;

  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "defaultAction" << YAML::Value;
  if (seccomp.HasMember("defaultAction"))
    scalar(out, seccomp["defaultAction"]);
  else
    out << YAML::Null;
  if (seccomp.HasMember("architectures")) string_list(out, "architectures", seccomp["architectures"]);
  if (seccomp.HasMember("flags")) string_list(out, "flags", seccomp["flags"]);
  if (seccomp.HasMember("defaultErrnoRet")) {
    const Value& ret = seccomp["defaultErrnoRet"];
    dropped.push_back("defaultErrnoRet " + (ret.IsUint64() ? std::to_string(ret.GetUint64()) : std::string("?")) +
                      ": a SeccompProfile has no such field, so its default action answers EPERM; a program "
                      "that falls back on ENOSYS (glibc's clone3) needs that syscall allowed or named");
  }
  if (!rules.empty()) {
    out << YAML::Key << "syscalls" << YAML::Value << YAML::BeginSeq;
    for (const Value* r : rules) rule(out, *r);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ctl
