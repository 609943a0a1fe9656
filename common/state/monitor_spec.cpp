// SPDX-License-Identifier: Apache-2.0
#include "state/monitor_spec.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <initializer_list>
#include <sstream>

#include "display_text.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "state/state_files.hpp"

namespace common {
namespace {

using rapidjson::Value;

std::string annotation_or(const Value& config, std::string_view key, std::string_view fallback = {}) {
  const auto value = annotation(config, key);
  return std::string(value ? *value : fallback);
}

/// The seconds an annotation gives, or `fallback` with a warning.
double seconds_annotation(const Value& config, std::string_view key, double max, double fallback,
                          std::vector<std::string>& warnings) {
  const auto text = annotation(config, key);
  if (!text) return fallback;
  if (const auto seconds = parse_seconds(*text, max)) return *seconds;
  std::ostringstream why;
  why << key << "=\"" << *text << "\" is not a number of seconds from 0 to " << max << "; using " << fallback;
  warnings.push_back(why.str());
  return fallback;
}

std::string_view without_trailing_slashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

/// How a mount is made, from its type and options (the last of ro/rw wins).
struct MountKind {
  bool bind = false;
  bool read_only = false;
};

MountKind mount_kind(const Value& mount) {
  MountKind kind;
  if (const Value* type = find_field(mount, "type", "mounts[]"); type != nullptr && type->IsString())
    kind.bind = std::string_view(type->GetString()) == "bind";
  const Value* options = find_field(mount, "options", "mounts[]");
  if (options == nullptr || !options->IsArray()) return kind;
  for (const Value& option : options->GetArray()) {
    if (!option.IsString()) continue;
    const std::string_view text(option.GetString(), option.GetStringLength());
    if (text == "bind" || text == "rbind") kind.bind = true;
    if (text == "ro" || text == "rro") kind.read_only = true;
    if (text == "rw" || text == "rrw") kind.read_only = false;
  }
  return kind;
}

/// The host side of the mount whose destination is the termination message path;
/// the last such mount wins, as it would in the container's mount table. Only a
/// writable bind mount of an absolute host path counts: the message is written
/// as root, and must not go where the container itself could not write.
std::string termination_log(const Value& config, std::vector<std::string>& warnings) {
  const std::string wanted = annotation_or(config, kTerminationPathAnnotation, kDefaultTerminationPath);
  const Value* mounts = find_field(config, "mounts", "config");
  if (mounts == nullptr || !mounts->IsArray()) return {};
  const Value* chosen = nullptr;
  for (const Value& mount : mounts->GetArray()) {
    if (!mount.IsObject()) continue;
    const Value* dest = find_field(mount, "destination", "mounts[]");
    if (dest != nullptr && dest->IsString() &&
        without_trailing_slashes(dest->GetString()) == without_trailing_slashes(wanted))
      chosen = &mount;
  }
  if (chosen == nullptr) return {};
  const Value* src = find_field(*chosen, "source", "mounts[]");
  std::string source = src != nullptr && src->IsString() ? src->GetString() : "";
  const MountKind kind = mount_kind(*chosen);
  std::string refused;
  if (!kind.bind)
    refused = "is not a bind mount";
  else if (kind.read_only)
    refused = "is mounted read-only";
  else if (!source.starts_with('/'))
    refused = "has no absolute host path";
  if (refused.empty()) return source;
  warnings.push_back("the termination message path '" + wanted + "' " + refused +
                     "; the stop message will not be written there");
  return {};
}

bool has_own_pid_namespace(const Value& config) {
  const Value* linux = find_field(config, "linux", "config");
  const Value* namespaces = linux != nullptr && linux->IsObject() ? find_field(*linux, "namespaces", "linux") : nullptr;
  if (namespaces == nullptr || !namespaces->IsArray()) return false;
  for (const Value& ns : namespaces->GetArray()) {
    if (!ns.IsObject()) continue;
    const Value* type = find_field(ns, "type", "namespaces[]");
    const Value* path = find_field(ns, "path", "namespaces[]");
    // Joining another container's pid namespace (path set) is not one of our own.
    if (type != nullptr && type->IsString() && std::string_view(type->GetString()) == "pid")
      return path == nullptr || !path->IsString() || path->GetStringLength() == 0;
  }
  return false;
}

const Value& member(const Value& object, const char* name, std::string_view origin) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) throw JsonError("'" + std::string(origin) + "': missing \"" + name + "\"");
  return it->value;
}

/// The first of `keys` that the container has: CRI-O and kubelet's labels name
/// the pod one way, containerd's CRI plugin another. A pod's author chooses it:
/// kept as display text, bounded.
std::string first_annotation(const Value& config, std::initializer_list<std::string_view> keys) {
  for (const auto key : keys)
    if (const auto value = annotation(config, key)) return display_text(*value, kMaxNameBytes);
  return {};
}

std::string string_member(const Value& object, const char* name, std::string_view origin) {
  const Value& value = member(object, name, origin);
  if (!value.IsString()) throw JsonError("'" + std::string(origin) + "': \"" + name + "\" must be a string");
  return {value.GetString(), value.GetStringLength()};
}

/// Appends the strings of an optional array member (written by newer wrappers only).
void string_list(const Value& object, const char* name, std::vector<std::string>& out) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsArray()) return;
  for (const Value& item : it->value.GetArray())
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
}

}  // namespace

MonitorSpec make_monitor_spec(const rapidjson::Value& config, const OptIn& opt_in, const std::string& container_id,
                              const std::string& original_seccomp, std::vector<std::string>& warnings,
                              double stop_within) {
  MonitorSpec spec;
  spec.container_id = container_id;
  spec.action = opt_in.action;
  spec.stop_after_seconds =
      seconds_annotation(config, kStopAfterAnnotation, kMaxStopAfterSeconds, kDefaultStopAfterSeconds, warnings);
  spec.stop_within_seconds =
      seconds_annotation(config, kStopWithinAnnotation, kMaxStopWithinSeconds, stop_within, warnings);
  spec.termination_log = termination_log(config, warnings);
  spec.pod = first_annotation(config, {"io.kubernetes.pod.name", "io.kubernetes.cri.sandbox-name"});
  spec.pod_namespace = first_annotation(config, {"io.kubernetes.pod.namespace", "io.kubernetes.cri.sandbox-namespace"});
  spec.container_name = first_annotation(config, {"io.kubernetes.container.name", "io.kubernetes.cri.container-name"});
  spec.kill_all = !has_own_pid_namespace(config);
  spec.seccomp = original_seccomp;
  return spec;
}

std::string to_json(const MonitorSpec& spec) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  const auto str = [&](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  str("containerId", spec.container_id);
  str("socket", spec.socket);
  str("action", std::string(to_string(spec.action)));
  w.Key("stopAfterSeconds");
  w.Double(spec.stop_after_seconds);
  w.Key("stopWithinSeconds");
  w.Double(spec.stop_within_seconds);
  str("terminationLog", spec.termination_log);
  str("pod", spec.pod);
  str("namespace", spec.pod_namespace);
  str("container", spec.container_name);
  str("runtime", spec.runtime);
  w.Key("runtimeArgs");
  w.StartArray();
  for (const auto& arg : spec.runtime_args) w.String(arg.data(), static_cast<rapidjson::SizeType>(arg.size()));
  w.EndArray();
  w.Key("killAll");
  w.Bool(spec.kill_all);
  str("coverage", spec.coverage);
  w.Key("argRules");
  w.RawValue(spec.arg_rules.data(), spec.arg_rules.size(), rapidjson::kArrayType);
  w.Key("judged");
  w.StartArray();
  for (const auto& name : spec.judged) w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  w.EndArray();
  w.Key("blindSpots");
  w.StartArray();
  for (const auto& name : spec.blind_spots) w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  w.EndArray();
  w.Key("stopOnProbes");
  w.Bool(spec.stop_policy.stop_on_probes);
  w.Key("ignore");
  w.StartArray();
  for (const auto& name : spec.stop_policy.ignored)
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  w.EndArray();
  w.Key("eventsMaxBytes");
  w.Uint64(spec.events_max_bytes);
  w.Key("killsByAudit");
  w.Bool(spec.kills_by_audit);
  w.Key("seccomp");
  w.RawValue(spec.seccomp.data(), spec.seccomp.size(), rapidjson::kObjectType);
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

MonitorSpec parse_monitor_spec(std::string_view text, std::string_view origin) {
  const rapidjson::Document doc = parse_json(text, origin);
  if (!doc.IsObject()) throw JsonError("'" + std::string(origin) + "': expected an object");
  MonitorSpec spec;
  spec.container_id = string_member(doc, "containerId", origin);
  spec.socket = string_member(doc, "socket", origin);
  spec.action = string_member(doc, "action", origin) == "stop" ? WitnessAction::kStop : WitnessAction::kLog;
  const Value& stop = member(doc, "stopAfterSeconds", origin);
  if (!stop.IsNumber()) throw JsonError("'" + std::string(origin) + "': \"stopAfterSeconds\" must be a number");
  spec.stop_after_seconds = stop.GetDouble();
  // Written by every wrapper since stop-within; without it, the default bound.
  if (const auto it = doc.FindMember("stopWithinSeconds"); it != doc.MemberEnd() && it->value.IsNumber())
    spec.stop_within_seconds = it->value.GetDouble();
  spec.termination_log = string_member(doc, "terminationLog", origin);
  // As the wrapper wrote them; one from before names were bounded is bounded here.
  spec.pod = display_text(string_member(doc, "pod", origin), kMaxNameBytes);
  spec.pod_namespace = display_text(string_member(doc, "namespace", origin), kMaxNameBytes);
  spec.container_name = display_text(string_member(doc, "container", origin), kMaxNameBytes);
  spec.runtime = string_member(doc, "runtime", origin);
  const Value& args = member(doc, "runtimeArgs", origin);
  if (!args.IsArray()) throw JsonError("'" + std::string(origin) + "': \"runtimeArgs\" must be an array");
  for (const Value& arg : args.GetArray()) {
    if (!arg.IsString()) throw JsonError("'" + std::string(origin) + "': \"runtimeArgs\" must hold strings");
    spec.runtime_args.emplace_back(arg.GetString(), arg.GetStringLength());
  }
  const Value& kill_all = member(doc, "killAll", origin);
  spec.kill_all = kill_all.IsBool() && kill_all.GetBool();
  spec.seccomp = to_json(member(doc, "seccomp", origin));
  // Written by every wrapper since coverage mode; optional for one started before.
  if (const auto it = doc.FindMember("coverage"); it != doc.MemberEnd() && it->value.IsString())
    spec.coverage = it->value.GetString();
  string_list(doc, "blindSpots", spec.blind_spots);
  string_list(doc, "judged", spec.judged);
  string_list(doc, "ignore", spec.stop_policy.ignored);
  if (const auto it = doc.FindMember("stopOnProbes"); it != doc.MemberEnd() && it->value.IsBool())
    spec.stop_policy.stop_on_probes = it->value.GetBool();
  if (const auto it = doc.FindMember("argRules"); it != doc.MemberEnd() && it->value.IsArray())
    spec.arg_rules = to_json(it->value);
  if (const auto it = doc.FindMember("eventsMaxBytes"); it != doc.MemberEnd() && it->value.IsUint64())
    spec.events_max_bytes = it->value.GetUint64();
  if (const auto it = doc.FindMember("killsByAudit"); it != doc.MemberEnd() && it->value.IsBool())
    spec.kills_by_audit = it->value.GetBool();
  return spec;
}

MonitorSpec load_monitor_spec(const std::string& state_dir) {
  const std::string path = state_dir + "/" + kMonitorSpecFile;
  return parse_monitor_spec(read_regular_file(path, kMaxRecordBytes), path);
}

}  // namespace common
