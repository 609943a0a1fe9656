// SPDX-License-Identifier: Apache-2.0
// seccomp-witnessctl suggest: the original profile of one workload's containers,
// with exactly what their monitors saw denied allowed (common/profile_suggest).
#include "suggest.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

#include "display_text.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "profile_io.hpp"
#include "state/monitor_spec.hpp"
#include "state/profile_suggest.hpp"
#include "state/state_files.hpp"
#include "suggest_yaml.hpp"

namespace ctl {
namespace {

struct SuggestOptions {
  std::vector<std::string> ids;
  std::string pod;
  std::string pod_namespace;
  std::string format = "oci";
  std::string name;
  std::string output;
};

/// The containers named by id, or all of a pod (and namespace), live and past;
/// of a pod, those that ran unwatched are left out (and named).
std::vector<common::ContainerSummary> select(const StateOptions& state, const SuggestOptions& o) {
  std::vector<common::ContainerSummary> chosen;
  for (const auto& id : o.ids) chosen.push_back(resolve(state, id));
  if (!o.pod.empty() || !o.pod_namespace.empty()) {
    for (auto& s : summaries(state)) {
      if (s.state == common::ContainerState::kUnreadable) {
        // Its pod cannot be known: named, so that a container cannot hide itself.
        std::cerr << "seccomp-witnessctl: "
                  << common::display_text("the record of " + s.container_id +
                                          " cannot be read, and may be of this pod: " + s.reason)
                  << '\n';
        continue;
      }
      if (!o.pod.empty() && s.pod != o.pod) continue;
      if (!o.pod_namespace.empty() && s.pod_namespace != o.pod_namespace) continue;
      if (s.state == common::ContainerState::kUnwatched) {
        std::cerr << "seccomp-witnessctl: "
                  << common::display_text("left out " + s.container_id + ", which ran unwatched: " + s.reason) << '\n';
        continue;
      }
      chosen.push_back(std::move(s));
    }
  }
  if (chosen.empty())
    throw std::runtime_error(o.ids.empty() && o.pod.empty() && o.pod_namespace.empty()
                                 ? "name containers (ids), or a pod with --pod and/or --namespace"
                                 : "no container matches under " + state.root());
  return chosen;
}

/// The original profile all chosen containers ran under (their monitor.json);
/// what their monitors could not see goes to `unseen`.
rapidjson::Document original_profile(const std::vector<common::ContainerSummary>& chosen,
                                     std::vector<std::string>& unseen) {
  rapidjson::Document original;
  std::string first;
  for (const auto& s : chosen) {
    if (s.state == common::ContainerState::kUnwatched)
      throw std::runtime_error(s.container_id + " was not watched: " + s.reason);
    if (s.state == common::ContainerState::kUnreadable)
      throw std::runtime_error(s.container_id + ": its record cannot be read: " + s.reason);
    const common::MonitorSpec spec = common::load_monitor_spec(s.state_dir);
    if (spec.coverage == "named")
      unseen.push_back(s.container_id +
                       " was watched with named coverage: what the default action denied was not seen "
                       "(annotation seccomp-witness.io/coverage: full)");
    for (const auto& name : spec.blind_spots) {
      std::string line = name + ": allowed under conditions, the rest was denied unseen";
      if (std::find(unseen.begin(), unseen.end(), line) == unseen.end()) unseen.push_back(std::move(line));
    }
    rapidjson::Document seccomp = common::parse_json(spec.seccomp, s.state_dir + "/" + common::kMonitorSpecFile);
    const std::string text = common::to_json(seccomp);
    if (first.empty()) {
      first = text;
      original = std::move(seccomp);
    } else if (text != first) {
      throw std::runtime_error(s.container_id + " ran under another profile than " + chosen.front().container_id +
                               ": suggest for them apart");
    }
  }
  if (!original.IsObject())
    throw std::runtime_error(chosen.front().container_id + " ran without a seccomp profile: nothing to narrow");
  return original;
}

/// The new rules' comments go where the format has them: not in an OCI section.
void drop_comments(rapidjson::Value& seccomp) {
  if (!seccomp.HasMember("syscalls") || !seccomp["syscalls"].IsArray()) return;
  for (auto& rule : seccomp["syscalls"].GetArray())
    if (rule.IsObject()) rule.RemoveMember("comment");
}

void suggest(const StateOptions& state, const SuggestOptions& o) {
  if (o.format != "oci" && o.format != "docker" && o.format != "localhost" && o.format != "spo")
    throw std::runtime_error("--format must be oci, docker, localhost or spo, not '" + o.format + "'");
  const auto chosen = select(state, o);
  std::vector<std::string> unseen;
  const rapidjson::Document original = original_profile(chosen, unseen);
  common::Suggestion suggestion = common::suggest_profile(original, common::seen_syscalls(chosen));

  std::string from;
  for (const auto& s : chosen) from += (from.empty() ? "" : ", ") + s.container_id + (s.past ? " (past)" : "");
  std::string text;
  if (o.format == "spo") {
    const auto& first = chosen.front();
    std::string name = o.name;
    if (name.empty()) name = "seccomp-witness-" + (first.pod.empty() ? first.container_id.substr(0, 12) : first.pod);
    text = seccomp_profile_resource(suggestion.seccomp, {name, first.pod_namespace, from}, suggestion.imprecise);
  } else {
    if (o.format == "oci") drop_comments(suggestion.seccomp);
    text = pretty_json(suggestion.seccomp);
  }

  // Every line may hold what a container named: display text on the terminal.
  const auto say = [](std::string_view lead, const std::string& line) {
    std::cerr << lead << common::display_text(line) << '\n';
  };
  say("seccomp-witnessctl: ", "suggested from " + std::to_string(chosen.size()) + " container(s): " + from);
  if (suggestion.changes.empty()) std::cerr << "  nothing was denied: the original profile fits as it is\n";
  for (const auto& line : suggestion.changes) say("  ", line);
  if (!suggestion.imprecise.empty()) std::cerr << "not said as narrowly as seen:\n";
  for (const auto& line : suggestion.imprecise) say("  ! ", line);
  if (!unseen.empty()) std::cerr << "not seen, so not in it:\n";
  for (const auto& line : unseen) say("  ? ", line);
  if (!suggestion.narrowed.empty()) std::cerr << "allowed for the argument values seen only:\n";
  for (const auto& line : suggestion.narrowed) say("  ~ ", line);
  if (o.format == "localhost")
    std::cerr << "on each node: save it as /var/lib/kubelet/seccomp/<name>.json; a pod names it with\n"
              << "  securityContext: {seccompProfile: {type: Localhost, localhostProfile: <name>.json}}\n";

  if (o.output.empty()) {
    std::cout << text;
    return;
  }
  common::write_file_atomically(o.output, text, 0644);
}

}  // namespace

void add_suggest_command(CLI::App& app, const std::shared_ptr<StateOptions>& options) {
  auto o = std::make_shared<SuggestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "suggest",
      "Write the profile that lets exactly what was seen denied through: the containers' original profile, each "
      "seen syscall allowed (for the argument values seen, where a profile can say them); the diff on stderr");
  cmd->add_option("ids", o->ids, "container ids (unique prefixes will do)");
  cmd->add_option("--pod", o->pod, "every container of this pod (io.kubernetes.pod.name), live and past");
  cmd->add_option("--namespace", o->pod_namespace, "every container of this namespace (with --pod: of that pod)");
  cmd->add_option("--format", o->format,
                  "oci (a linux.seccomp section), docker (containers-common's format, with comments), localhost "
                  "(the same, for kubelet's seccomp directory), spo (a Security Profiles Operator SeccompProfile)")
      ->capture_default_str();
  cmd->add_option("--name", o->name, "the SeccompProfile's name (spo; default seccomp-witness-<pod>)");
  cmd->add_option("-o,--output", o->output, "write the profile to this file instead of standard output");
  cmd->callback([options, o] { suggest(*options, *o); });
}

}  // namespace ctl
