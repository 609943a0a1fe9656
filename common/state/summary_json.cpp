// SPDX-License-Identifier: Apache-2.0
#include "state/summary_json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "display_text.hpp"

namespace common {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string_field(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void container_fields(Writer& w, const MonitorSpec& spec) {
  string_field(w, "containerId", spec.container_id);
  string_field(w, "pod", spec.pod);
  string_field(w, "namespace", spec.pod_namespace);
  string_field(w, "container", spec.container_name);
}

void verdict_fields(Writer& w, const Verdict& verdict) {
  string_field(w, "verdict", verdict_name(verdict.kind));
  if (verdict.kind == Verdict::Kind::kErrno) {
    w.Key("errno");
    w.Int(verdict.errno_value);
  }
}

/// "arguments": each distinct key as a profile's `args`; "argumentsDropped".
void argument_fields(Writer& w, const std::vector<ArgumentKey>& keys, std::uint64_t dropped) {
  w.Key("arguments");
  w.StartArray();
  for (const ArgumentKey& key : keys) {
    w.StartArray();
    for (std::uint32_t i = 0; i < key.count; ++i) {
      const ArgCondition& c = key.conditions[i];
      w.StartObject();
      w.Key("index");
      w.Uint(c.index);
      w.Key("value");
      w.Uint64(c.value);
      w.Key("valueTwo");
      w.Uint64(c.value_two);
      string_field(w, "op", compare_op_name(c.op));
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndArray();
  w.Key("argumentsDropped");
  w.Uint64(dropped);
}

void caller_object(Writer& w, const ProcessInfo& caller) {
  w.StartObject();
  w.Key("pid");
  w.Int(caller.pid);
  string_field(w, "comm", caller.comm);
  string_field(w, "exe", caller.exe);
  w.EndObject();
}

}  // namespace

std::string_view verdict_name(Verdict::Kind kind) {
  switch (kind) {
    case Verdict::Kind::kErrno: return "errno";
    case Verdict::Kind::kKillThread: return "kill_thread";
    case Verdict::Kind::kKillProcess: return "kill_process";
  }
  return "unknown";
}

std::string event_json(const MonitorSpec& spec, const std::string& syscall, const Verdict& verdict, CallClass klass,
                       const ProcessInfo& caller, std::chrono::system_clock::time_point when,
                       const std::string& detail) {
  // Every text in it is bounded on its own; together they could pass the line's
  // bound, so what the container chose is cut further until the line fits.
  for (const std::size_t limit : {kMaxCallerBytes, std::size_t{96}, std::size_t{24}}) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    string_field(w, "time", format_time(when));
    string_field(w, "containerId", display_text(spec.container_id, limit));
    string_field(w, "pod", display_text(spec.pod, limit));
    string_field(w, "namespace", display_text(spec.pod_namespace, limit));
    string_field(w, "container", display_text(spec.container_name, limit));
    string_field(w, "syscall", display_text(syscall, SyscallTally::kMaxNameBytes));
    if (!detail.empty()) string_field(w, "detail", display_text(detail, limit));
    verdict_fields(w, verdict);
    string_field(w, "class", to_string(klass));
    w.Key("caller");
    caller_object(w, {caller.pid, display_text(caller.comm, limit), display_text(caller.exe, limit)});
    string_field(w, "action", to_string(spec.action));
    w.EndObject();
    if (buffer.GetSize() <= kMaxEventBytes || limit == 24) return {buffer.GetString(), buffer.GetSize()};
  }
  return {};
}

std::string unwatched_summary_json(const MonitorSpec& spec, std::string_view reason) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  container_fields(w, spec);
  string_field(w, "action", to_string(spec.action));
  string_field(w, "state", to_string(ContainerState::kUnwatched));
  string_field(w, "reason", display_text(reason, kMaxReasonBytes));
  string_field(w, "message", "");
  w.Key("total");
  w.Uint64(0);
  w.Key("violations");
  w.Uint64(0);
  w.Key("syscalls");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string summary_json(const MonitorSpec& spec, const SyscallTally& tally, ContainerState state,
                         const std::string& stopped_at, std::uint64_t events_suppressed) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  container_fields(w, spec);
  string_field(w, "action", to_string(spec.action));
  string_field(w, "state", to_string(state));
  if (!stopped_at.empty()) string_field(w, "stoppedAt", stopped_at);
  string_field(w, "message", tally.message());
  w.Key("total");
  w.Uint64(tally.total());
  w.Key("violations");
  w.Uint64(tally.violations());
  w.Key("eventsSuppressed");
  w.Uint64(events_suppressed);
  w.Key("unlistedCalls");
  w.Uint64(tally.unlisted());
  string_field(w, "coverage", spec.coverage);
  w.Key("blindSpots");
  w.StartArray();
  for (const auto& name : spec.blind_spots) w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  w.EndArray();
  w.Key("syscalls");
  w.StartArray();
  for (const SyscallRecord& r : tally.records()) {
    w.StartObject();
    string_field(w, "name", r.name);
    w.Key("count");
    w.Uint64(r.count);
    w.Key("violations");
    w.Uint64(r.violations);
    string_field(w, "class", to_string(r.klass));
    verdict_fields(w, r.verdict);
    string_field(w, "firstSeen", format_time(r.first_seen));
    string_field(w, "lastSeen", format_time(r.last_seen));
    w.Key("callers");
    w.StartArray();
    for (const ProcessInfo& caller : r.callers) caller_object(w, caller);
    w.EndArray();
    w.Key("callersDropped");
    w.Uint64(r.callers_dropped);
    w.Key("details");
    w.StartArray();
    for (const auto& d : r.details) w.String(d.data(), static_cast<rapidjson::SizeType>(d.size()));
    w.EndArray();
    if (r.details_dropped > 0) {
      w.Key("detailsDropped");
      w.Uint64(r.details_dropped);
    }
    if (!r.arguments.empty() || r.arguments_dropped > 0) argument_fields(w, r.arguments, r.arguments_dropped);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace common
