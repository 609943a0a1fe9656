#include "ctl_suggest_yaml.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sstream>
#include <string_view>

namespace ctl {
namespace {

using rapidjson::Value;

/// A YAML double-quoted scalar: JSON's string syntax is one.
std::string quoted(std::string_view text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return {buffer.GetString(), buffer.GetSize()};
}

std::string scalar(const Value& v) {
  if (v.IsString()) return quoted(v.GetString());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  return "null";
}

void string_list(std::ostringstream& out, const char* key, const Value& list, const char* indent) {
  if (!list.IsArray() || list.Empty()) return;
  out << indent << key << ":\n";
  for (const Value& item : list.GetArray()) out << indent << "- " << scalar(item) << '\n';
}

void rule(std::ostringstream& out, const Value& r) {
  if (!r.IsObject()) return;
  if (r.HasMember("comment") && r["comment"].IsString()) {
    std::string comment = r["comment"].GetString();
    for (char& c : comment)
      if (c == '\n' || c == '\r') c = ' ';
    out << "  # " << comment << '\n';
  }
  out << "  - action: " << (r.HasMember("action") ? scalar(r["action"]) : "null") << '\n';
  if (r.HasMember("errnoRet")) out << "    errnoRet: " << scalar(r["errnoRet"]) << '\n';
  if (r.HasMember("names")) string_list(out, "names", r["names"], "    ");
  if (!r.HasMember("args") || !r["args"].IsArray() || r["args"].Empty()) return;
  out << "    args:\n";
  for (const Value& a : r["args"].GetArray()) {
    if (!a.IsObject()) continue;
    const char* lead = "    - ";
    for (const char* key : {"index", "value", "valueTwo", "op"}) {
      if (!a.HasMember(key)) continue;
      out << lead << key << ": " << scalar(a[key]) << '\n';
      lead = "      ";
    }
  }
}

}  // namespace

std::string seccomp_profile_resource(const Value& seccomp, const ResourceMeta& meta,
                                     std::vector<std::string>& dropped) {
  std::ostringstream out;
  out << "apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n"
      << "kind: SeccompProfile\n"
      << "metadata:\n"
      << "  name: " << quoted(meta.name) << '\n';
  if (!meta.name_space.empty()) out << "  namespace: " << quoted(meta.name_space) << '\n';
  out << "  annotations:\n"
      << "    seccomp-witness.io/suggested-from: " << quoted(meta.from) << '\n'
      << "spec:\n"
      << "  defaultAction: " << (seccomp.HasMember("defaultAction") ? scalar(seccomp["defaultAction"]) : "null")
      << '\n';
  if (seccomp.HasMember("architectures")) string_list(out, "architectures", seccomp["architectures"], "  ");
  if (seccomp.HasMember("flags")) string_list(out, "flags", seccomp["flags"], "  ");
  if (seccomp.HasMember("defaultErrnoRet"))
    dropped.push_back("defaultErrnoRet " + scalar(seccomp["defaultErrnoRet"]) +
                      ": a SeccompProfile has no such field, so its default action answers EPERM; a program "
                      "that falls back on ENOSYS (glibc's clone3) needs that syscall allowed or named");
  if (seccomp.HasMember("syscalls") && seccomp["syscalls"].IsArray() && !seccomp["syscalls"].Empty()) {
    out << "  syscalls:\n";
    for (const Value& r : seccomp["syscalls"].GetArray()) rule(out, r);
  }
  return out.str();
}

}  // namespace ctl
