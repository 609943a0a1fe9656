#include "ctl_containers.hpp"

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

#include "config_file.hpp"
#include "container_summary.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"

namespace ctl {
namespace {

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

std::string or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

std::string summary_path(const common::ContainerSummary& summary) {
  return summary.state_dir + "/summary.json";
}

/// summary.json as written, with "past": true for a container that is gone.
std::string summary_text(const common::ContainerSummary& summary) {
  std::string text = common::read_regular_file(summary_path(summary), 16 << 20);
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
    std::cout << pad(s.container_id.substr(0, 12), 14) << pad(or_dash(s.pod_namespace), 14) << pad(or_dash(s.pod), 20)
              << pad(or_dash(s.container), 14) << pad(s.action, 7) << pad((s.past ? "past:" : "") + s.state, 9)
              << pad(std::to_string(s.total), 7) << or_dash(syscalls) << '\n';
  }
  // What is kept of containers that are gone, and for how long.
  const std::size_t past =
      static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const auto& s) { return s.past; }));
  if (past == 0) return;
  const common::Retention retention = options.retention();
  std::cout << past << " past container(s), kept " << retention.max_age.count() << " s and at most "
            << retention.max_records << " (past_records_seconds, past_records_max)\n";
}

void show(const StateOptions& options, const std::string& prefix) {
  const common::ContainerSummary found = resolve(options, prefix);
  const std::string path = summary_path(found);
  const std::string text = summary_text(found);
  if (options.json) {
    std::cout << text << '\n';
    return;
  }
  const common::ContainerSummary s = common::parse_container_summary(text, path);
  std::cout << "container: " << s.container_id << (found.past ? " (gone; a past record)" : "")
            << "\npod:       " << or_dash(s.pod_namespace) << "/" << or_dash(s.pod) << " (" << or_dash(s.container)
            << ")\naction:    " << s.action << "\nstate:     " << s.state
            << (s.reason.empty() ? "" : " (" + s.reason + ")") << "\nmessage:   " << or_dash(s.message)
            << "\ncalls:     " << s.total << " (" << s.violations << " violations, " << s.total - s.violations
            << " probes or ignored: not a reason to stop)\n\n"
            << pad("SYSCALL", 18) << pad("COUNT", 8) << pad("CLASS", 11) << pad("ANSWER", 14) << pad("FIRST SEEN", 26)
            << pad("LAST SEEN", 26) << "CALLERS\n";
  for (const auto& sc : s.syscalls) {
    std::string callers;
    for (const auto& c : sc.callers)
      callers +=
          (callers.empty() ? "" : ", ") + c.comm + " (" + or_dash(c.exe) + ", pid " + std::to_string(c.pid) + ")";
    const std::string answer = sc.verdict == "errno" ? "errno " + std::to_string(sc.errno_value) : sc.verdict;
    std::cout << pad(sc.name, 18) << pad(std::to_string(sc.count), 8) << pad(sc.klass, 11) << pad(answer, 14)
              << pad(sc.first_seen, 26) << pad(sc.last_seen, 26) << or_dash(callers) << '\n';
    for (const auto& detail : sc.details) std::cout << "    " << detail << '\n';
  }
}

void print_event(const std::string& line, bool json) {
  if (json) {
    std::cout << line << '\n';
    return;
  }
  const auto e = common::parse_json(line, "event");
  const auto& caller = e["caller"];
  std::cout << e["time"].GetString() << "  " << pad(e["syscall"].GetString(), 16)
            << pad(std::string(e["verdict"].GetString()) == "errno" ? "errno " + std::to_string(e["errno"].GetInt())
                                                                    : e["verdict"].GetString(),
                   14)
            << caller["comm"].GetString() << " (pid " << caller["pid"].GetInt() << ")"
            << (e.HasMember("detail") && e["detail"].IsString() ? std::string("  ") + e["detail"].GetString() : "")
            << '\n';
}

void events(const StateOptions& options, const std::string& prefix, bool follow) {
  const std::string path = resolve(options, prefix).state_dir + "/events.jsonl";
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
  for (const auto& problem : problems) std::cerr << "seccomp-witnessctl: skipped " << problem << '\n';
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
