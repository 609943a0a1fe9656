// SPDX-License-Identifier: Apache-2.0
#include "containers.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "display_text.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "state/config_file.hpp"
#include "state/container_summary.hpp"
#include "state/state_files.hpp"

namespace ctl {
namespace {

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

/// Text from a container or a pod, as the terminal may show it (display_text.hpp);
/// "-" for none.
std::string or_dash(std::string_view text) {
  return text.empty() ? "-" : common::display_text(text, common::kMaxNameBytes);
}

std::string shown(std::string_view text) {
  return common::display_text(text, common::kMaxNameBytes);
}

std::string summary_path(const common::ContainerSummary& summary) {
  return summary.state_dir + "/" + common::kSummaryFile;
}

/// summary.json as written, with "past": true for a container that is gone; for
/// one that cannot be read, what is known and why.
std::string summary_text(const common::ContainerSummary& summary) {
  if (summary.state == common::ContainerState::kUnreadable) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("containerId");
    w.String(summary.container_id.c_str());
    w.Key("state");
    w.String(std::string(to_string(summary.state)).c_str());
    w.Key("reason");
    const std::string reason = common::display_text(summary.reason);
    w.String(reason.c_str());
    if (summary.past) {
      w.Key("past");
      w.Bool(true);
    }
    w.EndObject();
    return buffer.GetString();
  }
  std::string text = common::read_regular_file(summary_path(summary), common::kMaxRecordBytes);
  if (!summary.past) return text;
  auto doc = common::parse_json(text, summary_path(summary));
  if (doc.IsObject() && !doc.HasMember("past")) doc.AddMember("past", true, doc.GetAllocator());
  return common::to_json(doc);
}

void list(const StateOptions& options) {
  const auto all = summaries(options);
  if (options.json) {
    std::cout << '[';
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (i > 0) std::cout << ',';
      std::cout << summary_text(all[i]);
    }
    std::cout << "]\n";
    return;
  }
  std::cout << pad("CONTAINER", 14) << pad("NAMESPACE", 14) << pad("POD", 20) << pad("NAME", 14) << pad("ACTION", 7)
            << pad("STATE", 9) << pad("CALLS", 7) << "FORBIDDEN SYSCALLS (violations; then probes and ignored)\n";
  for (const auto& s : all) {
    // Violations first, as in the message; then what was only probed or ignored.
    std::string syscalls;
    std::string others;
    for (const auto& sc : s.syscalls) {
      if (sc.violations > 0)
        syscalls += (syscalls.empty() ? "" : ", ") + sc.name + " (" + std::to_string(sc.violations) + "x)";
      if (sc.count > sc.violations)
        others += (others.empty() ? "" : ", ") + sc.name + " (" + std::to_string(sc.count - sc.violations) + "x " +
                  (sc.klass == "ignored" ? "ignored" : "probe") + ")";
    }
    if (!others.empty()) syscalls += (syscalls.empty() ? "" : "; ") + others;
    std::cout << pad(shown(s.container_id.substr(0, 12)), 14) << pad(or_dash(s.pod_namespace), 14)
              << pad(or_dash(s.pod), 20) << pad(or_dash(s.container), 14) << pad(shown(s.action), 7)
              << pad(shown((s.past ? "past:" : "") + std::string(to_string(s.state))), 9)
              << pad(std::to_string(s.total), 7) << or_dash(syscalls) << '\n';
  }
  for (const auto& s : all)
    if (s.state == common::ContainerState::kUnreadable)
      std::cerr << "seccomp-witnessctl: " << common::display_text(s.container_id + ": " + s.reason) << '\n';
  // What is kept of containers that are gone, and for how long.
  const std::size_t past =
      static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const auto& s) { return s.past; }));
  if (past == 0) return;
  const common::Retention retention = options.retention();
  std::cout << past << " past container(s), kept " << retention.max_age.count() << " s, at most "
            << retention.max_records << " and " << retention.max_bytes
            << " bytes (past_records_seconds, past_records_max, past_records_bytes)\n";
}

void show(const StateOptions& options, const std::string& prefix) {
  const common::ContainerSummary found = resolve(options, prefix);
  const std::string path = summary_path(found);
  if (found.state == common::ContainerState::kUnreadable)
    throw std::runtime_error(found.container_id + ": its record cannot be read: " + found.reason);
  const std::string text = summary_text(found);
  if (options.json) {
    std::cout << text << '\n';
    return;
  }
  const common::ContainerSummary s = common::parse_container_summary(text, path);
  std::cout << "container: " << shown(s.container_id) << (found.past ? " (gone; a past record)" : "")
            << "\npod:       " << or_dash(s.pod_namespace) << "/" << or_dash(s.pod) << " (" << or_dash(s.container)
            << ")\naction:    " << shown(s.action) << "\nstate:     " << to_string(s.state)
            << (s.reason.empty() ? "" : " (" + common::display_text(s.reason) + ")")
            << "\nmessage:   " << (s.message.empty() ? "-" : common::display_text(s.message))
            << "\ncalls:     " << s.total << " (" << s.violations << " violations, " << s.total - s.violations
            << " probes or ignored: not a reason to stop)\n\n"
            << pad("SYSCALL", 18) << pad("COUNT", 8) << pad("CLASS", 11) << pad("ANSWER", 14) << pad("FIRST SEEN", 26)
            << pad("LAST SEEN", 26) << "CALLERS\n";
  for (const auto& sc : s.syscalls) {
    std::string callers;
    for (const auto& c : sc.callers)
      callers += (callers.empty() ? "" : ", ") + common::display_text(c.comm, common::kMaxCallerBytes) + " (" +
                 (c.exe.empty() ? "-" : common::display_text(c.exe, common::kMaxCallerBytes)) + ", pid " +
                 std::to_string(c.pid) + ")";
    const std::string answer = sc.verdict == "errno" ? "errno " + std::to_string(sc.errno_value) : sc.verdict;
    std::cout << pad(shown(sc.name), 18) << pad(std::to_string(sc.count), 8) << pad(shown(sc.klass), 11)
              << pad(shown(answer), 14) << pad(shown(sc.first_seen), 26) << pad(shown(sc.last_seen), 26)
              << (callers.empty() ? "-" : callers) << '\n';
    for (const auto& detail : sc.details) std::cout << "    " << shown(detail) << '\n';
  }
}

void print_event(const std::string& line, bool json) {
  if (json) {
    std::cout << line << '\n';
    return;
  }
  const auto e = common::parse_json(line, "event");
  const auto& caller = e["caller"];
  const std::string answer = std::string(e["verdict"].GetString()) == "errno"
                                 ? "errno " + std::to_string(e["errno"].GetInt())
                                 : e["verdict"].GetString();
  std::cout << shown(e["time"].GetString()) << "  " << pad(shown(e["syscall"].GetString()), 16)
            << pad(shown(answer), 14) << common::display_text(caller["comm"].GetString(), common::kMaxCallerBytes)
            << " (pid " << caller["pid"].GetInt() << ")"
            << (e.HasMember("detail") && e["detail"].IsString() ? "  " + shown(e["detail"].GetString()) : "") << '\n';
}

void events(const StateOptions& options, const std::string& prefix, bool follow) {
  const std::string path = resolve(options, prefix).state_dir + "/" + common::kEventsFile;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read '" + path + "'");
  std::string line;
  while (true) {
    while (std::getline(in, line)) {
      try {
        print_event(line, options.json);
      } catch (const std::exception&) {
        // A line being written as we read; it comes whole next time.
      }
    }
    if (!follow) return;
    std::cout.flush();
    in.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

namespace {

common::Config node_config() {
  try {
    return common::load_config(common::config_file_path());
  } catch (const std::exception& e) {
    std::cerr << "seccomp-witnessctl: " << e.what() << "; using the defaults\n";
    return common::default_config();
  }
}

}  // namespace

std::vector<common::ContainerSummary> summaries(const StateOptions& options) {
  std::vector<std::string> problems;
  auto out = common::load_container_summaries(options.root(), problems);
  for (const auto& problem : problems) std::cerr << "seccomp-witnessctl: " << common::display_text(problem) << '\n';
  return out;
}

common::ContainerSummary resolve(const StateOptions& options, const std::string& prefix) {
  std::vector<common::ContainerSummary> matches;
  for (auto& s : summaries(options))
    if (s.container_id.rfind(prefix, 0) == 0) matches.push_back(std::move(s));
  if (matches.empty()) throw std::runtime_error("no container '" + prefix + "' under " + options.root());
  const bool exact =
      std::any_of(matches.begin(), matches.end(), [&](const auto& s) { return s.container_id == prefix; });
  std::erase_if(matches, [&](const auto& s) { return exact && s.container_id != prefix; });
  if (std::any_of(matches.begin(), matches.end(),
                  [&](const auto& s) { return s.container_id != matches[0].container_id; }))
    throw std::runtime_error("'" + prefix + "' matches several containers");
  // The live record comes first, then the past ones from oldest to newest.
  return matches.front().past ? matches.back() : matches.front();
}

std::string StateOptions::root() const {
  return !state_dir.empty() ? state_dir : node_config().state_root;
}

common::Retention StateOptions::retention() const {
  return node_config().retention;
}

std::string StateOptions::monitor_program() const {
  return node_config().monitor;
}

void add_container_commands(CLI::App& app, const std::shared_ptr<StateOptions>& options) {
  CLI::App* list_cmd = app.add_subcommand("list", "List the watched containers and their forbidden syscalls");
  list_cmd->callback([options] { list(*options); });

  auto id = std::make_shared<std::string>();
  CLI::App* show_cmd = app.add_subcommand("show", "Show one container's forbidden syscalls: count, answer, callers");
  show_cmd->add_option("id", *id, "container id (a unique prefix will do)")->required();
  show_cmd->callback([options, id] { show(*options, *id); });

  auto follow = std::make_shared<bool>(false);
  CLI::App* events_cmd = app.add_subcommand("events", "Print a container's events, one per forbidden syscall");
  events_cmd->add_option("id", *id, "container id (a unique prefix will do)")->required();
  events_cmd->add_flag("-f,--follow", *follow, "keep printing new events as they come");
  events_cmd->callback([options, id, follow] { events(*options, *id, *follow); });
}

}  // namespace ctl
