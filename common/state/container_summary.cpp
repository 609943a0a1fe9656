// SPDX-License-Identifier: Apache-2.0
#include "state/container_summary.hpp"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "display_text.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "state/monitor_proof.hpp"
#include "state/past_records.hpp"
#include "state/state_files.hpp"

namespace common {
namespace {

using rapidjson::Value;

std::string text_of(const Value& object, const char* key) {
  const auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
}

std::uint64_t number_of(const Value& object, const char* key) {
  const auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsUint64() ? it->value.GetUint64() : 0;
}

const Value* array_of(const Value& object, const char* key) {
  const auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

/// One key of "arguments": at most two conditions, each as a profile's `args`
/// write it; an empty key for anything else.
ArgumentKey argument_key_of(const Value& conditions) {
  ArgumentKey key;
  if (!conditions.IsArray() || conditions.Size() == 0 || conditions.Size() > key.conditions.size()) return {};
  for (const Value& c : conditions.GetArray()) {
    if (!c.IsObject()) return {};
    const auto op = parse_compare_op(text_of(c, "op"));
    const std::uint64_t index = number_of(c, "index");
    if (!op || index > 5) return {};
    key.conditions[key.count++] =
        ArgCondition{static_cast<unsigned>(index), number_of(c, "value"), number_of(c, "valueTwo"), *op};
  }
  return key;
}

/// Whether the process a pid file names is the monitor of that state dir: it
/// holds the dir's lock (a pid taken over by another process does not).
bool monitor_alive(const std::filesystem::path& pid_file) {
  const pid_t pid = read_pid_file(pid_file.string());
  return pid > 0 && holds_flock(pid, (pid_file.parent_path() / kMonitorLockFile).string());
}

}  // namespace

std::vector<SyscallRecord> tally_records(const ContainerSummary& summary) {
  std::vector<SyscallRecord> out;
  for (const SyscallSummary& sc : summary.syscalls) {
    SyscallRecord r;
    r.name = sc.name;
    r.count = sc.count;
    r.violations = sc.violations;
    r.klass = parse_call_class(sc.klass).value_or(CallClass::kViolation);
    r.verdict = {sc.verdict == "kill_process"  ? Verdict::Kind::kKillProcess
                 : sc.verdict == "kill_thread" ? Verdict::Kind::kKillThread
                                               : Verdict::Kind::kErrno,
                 sc.errno_value};
    const auto now = std::chrono::system_clock::now();
    r.first_seen = parse_time(sc.first_seen).value_or(now);
    r.last_seen = parse_time(sc.last_seen).value_or(now);
    for (const CallerSummary& c : sc.callers) r.callers.push_back(ProcessInfo{c.pid, c.comm, c.exe});
    r.callers_dropped = sc.callers_dropped;
    r.details = sc.details;
    r.arguments = sc.arguments;
    r.arguments_dropped = sc.arguments_dropped;
    out.push_back(std::move(r));
  }
  return out;
}

ContainerSummary parse_container_summary(std::string_view text, std::string_view origin) {
  const rapidjson::Document doc = parse_json(text, origin);
  if (!doc.IsObject() || !doc.HasMember("containerId"))
    throw JsonError("'" + std::string(origin) + "': not a seccomp-witness summary");
  ContainerSummary s;
  s.container_id = text_of(doc, "containerId");
  s.pod = text_of(doc, "pod");
  s.pod_namespace = text_of(doc, "namespace");
  s.container = text_of(doc, "container");
  s.action = text_of(doc, "action");
  const std::string state = text_of(doc, "state");
  const auto known = parse_container_state(state);
  if (!known) throw JsonError("'" + std::string(origin) + "': unknown state '" + display_text(state) + "'");
  s.state = *known;
  s.reason = text_of(doc, "reason");
  s.message = text_of(doc, "message");
  s.total = number_of(doc, "total");
  // Summaries from before probes counted every call as a violation.
  s.violations = doc.HasMember("violations") ? number_of(doc, "violations") : s.total;
  if (const Value* syscalls = array_of(doc, "syscalls")) {
    for (const Value& entry : syscalls->GetArray()) {
      if (!entry.IsObject()) continue;
      SyscallSummary sc;
      sc.name = text_of(entry, "name");
      sc.count = number_of(entry, "count");
      sc.violations = entry.HasMember("violations") ? number_of(entry, "violations") : sc.count;
      if (const std::string klass = text_of(entry, "class"); parse_call_class(klass)) sc.klass = klass;
      sc.verdict = text_of(entry, "verdict");
      sc.errno_value = static_cast<int>(number_of(entry, "errno"));
      sc.first_seen = text_of(entry, "firstSeen");
      sc.last_seen = text_of(entry, "lastSeen");
      if (const Value* callers = array_of(entry, "callers")) {
        for (const Value& c : callers->GetArray()) {
          if (!c.IsObject()) continue;
          sc.callers.push_back({static_cast<int>(number_of(c, "pid")), text_of(c, "comm"), text_of(c, "exe")});
        }
      }
      sc.callers_dropped = number_of(entry, "callersDropped");
      if (const Value* details = array_of(entry, "details"))
        for (const Value& d : details->GetArray())
          if (d.IsString()) sc.details.emplace_back(d.GetString(), d.GetStringLength());
      if (const Value* arguments = array_of(entry, "arguments"))
        for (const Value& a : arguments->GetArray())
          if (const ArgumentKey key = argument_key_of(a); key.count > 0) sc.arguments.push_back(key);
      sc.arguments_dropped = number_of(entry, "argumentsDropped");
      s.syscalls.push_back(std::move(sc));
    }
  }
  return s;
}

namespace {

/// The summaries of the state dirs directly under `dir`.
void load_summaries_in(const std::string& dir, bool past, std::vector<ContainerSummary>& out,
                       std::vector<std::string>& problems) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!std::filesystem::is_regular_file(entry.path() / kSummaryFile, ec)) continue;
    try {
      out.push_back(load_container_summary(entry.path().string()));
      out.back().state_dir = entry.path().string();
      out.back().past = past;
      // A monitor that died cannot say so itself; its summary still says "watching".
      // Either of its processes still serves the container: the supervisor, or a worker that outlived it.
      if (out.back().state == ContainerState::kWatching && !monitor_alive(entry.path() / kMonitorPidFile) &&
          !monitor_alive(entry.path() / kWorkerPidFile))
        out.back().state = ContainerState::kLost;
    } catch (const std::exception& e) {
      // Named, never left out: a container must not hide itself by the size or
      // shape of what it made its monitor write.
      ContainerSummary unreadable;
      const std::string name = entry.path().filename().string();
      unreadable.container_id = past ? name.substr(0, name.rfind('@')) : name;
      unreadable.state = ContainerState::kUnreadable;
      unreadable.reason = e.what();
      unreadable.state_dir = entry.path().string();
      unreadable.past = past;
      out.push_back(std::move(unreadable));
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory) problems.push_back(dir + ": " + ec.message());
}

}  // namespace

std::vector<ContainerSummary> load_container_summaries(const std::string& state_root,
                                                       std::vector<std::string>& problems) {
  std::vector<ContainerSummary> out;
  load_summaries_in(state_root, false, out, problems);
  load_summaries_in(past_root(state_root), true, out, problems);
  // Past records of one id in the order they were retired, after the live one.
  std::stable_sort(out.begin(), out.end(), [](const ContainerSummary& a, const ContainerSummary& b) {
    if (a.container_id != b.container_id) return a.container_id < b.container_id;
    if (a.past != b.past) return !a.past;
    return a.state_dir < b.state_dir;
  });
  return out;
}

ContainerSummary load_container_summary(const std::string& state_dir) {
  const std::string path = state_dir + "/" + kSummaryFile;
  return parse_container_summary(read_regular_file(path, kMaxRecordBytes), path);
}

}  // namespace common
