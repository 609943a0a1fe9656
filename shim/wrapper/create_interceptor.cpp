// SPDX-License-Identifier: Apache-2.0
#include "create_interceptor.hpp"

#include "container_options.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>
#include <exception>
#include <filesystem>
#include <system_error>

#include "exec_limits.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "linux/audit_kills.hpp"
#include "monitor_start.hpp"
#include "opt_in.hpp"
#include "prior_instance.hpp"
#include "profile/seccomp_profile.hpp"
#include "profile/seccomp_rewrite.hpp"
#include "state/journal.hpp"
#include "state/monitor_spec.hpp"
#include "state/paths.hpp"
#include "state/state_files.hpp"
#include "state/summary_json.hpp"
#include "sys_error.hpp"

namespace shim {
namespace {

/// config.json files beyond this are refused (runc's own are a few KiB).
constexpr std::size_t kMaxSpecBytes = 16 * 1024 * 1024;

/// The original profile, kept beside config.json once it is rewritten: a bundle
/// that is created again (podman restarting a container) still names our old
/// listener, and this is what the engine wrote before us.
std::string original_profile_path(const std::string& spec_path) {
  const auto slash = spec_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : spec_path.substr(0, slash);
  return dir + "/.seccomp-witness.original-seccomp.json";
}

rapidjson::Value* seccomp_section(rapidjson::Document& spec) {
  auto* linux = common::find_field(spec, "linux", "config");
  return linux != nullptr && linux->IsObject() ? common::find_field(*linux, "seccomp", "linux") : nullptr;
}

enum class Restore { kNotNeeded, kRestored, kImpossible };

/// When config.json already names a listener of ours (under `state_root`), puts
/// the original profile back, in `spec` and in the file: the rewrite starts from
/// it, and a container that is not watched this time runs under it, as under
/// plain runc, rather than dial a listener that is gone. kImpossible when that is
/// needed but the kept copy is gone.
Restore restore_original_profile(rapidjson::Document& spec, const std::string& spec_path,
                                 const std::string& state_root) {
  rapidjson::Value* seccomp = seccomp_section(spec);
  if (seccomp == nullptr || !seccomp->IsObject()) return Restore::kNotNeeded;
  const auto* listener = common::find_field(*seccomp, "listenerPath", "linux.seccomp");
  if (listener == nullptr || !listener->IsString() ||
      !std::string_view(listener->GetString()).starts_with(state_root + "/"))
    return Restore::kNotNeeded;
  const std::string kept = original_profile_path(spec_path);
  if (::access(kept.c_str(), F_OK) != 0) return Restore::kImpossible;
  seccomp->CopyFrom(common::parse_json(common::read_regular_file(kept, kMaxSpecBytes), kept), spec.GetAllocator());
  common::replace_file_atomically(spec_path, common::to_json(spec));
  spdlog::info("config.json of an earlier create through seccomp-witness: its original profile put back");
  return Restore::kRestored;
}

std::string original_seccomp(const rapidjson::Document& spec) {
  const auto* linux = common::find_field(spec, "linux", "config");
  const auto* seccomp =
      linux != nullptr && linux->IsObject() ? common::find_field(*linux, "seccomp", "linux") : nullptr;
  return seccomp != nullptr ? common::to_json(*seccomp) : "null";
}

/// Why an opted-in container cannot be watched while another instance with its
/// id holds the state dir; logged louder when the runtime will not refuse it.
void log_id_in_use(const common::Config& config, const std::string& id, const std::string& runtime_root) {
  const auto other = prior_instance(config.state_root, id);
  if (other && other->runtime_root == common::normalized_root(runtime_root)) {
    spdlog::info("container {}: not watched: a container with this id already runs under this runtime root", id);
    return;
  }
  spdlog::warn(
      "container {}: not watched, running under its original profile: a container with this id under runtime root "
      "'{}' is watched, and its state in '{}' is left alone",
      id, other ? other->runtime_root : "?", config.state_root);
}

/// What became of a container at create.
enum class Watch {
  kNotOptedIn,  ///< runs as under plain runc
  kUnwatched,   ///< opted in, but runs under its original profile (the reason says why)
  kWatched,     ///< its profile rewritten, its monitor started
};

/// What became of a container at create, and for one that is not watched after
/// all, what its record says.
struct CreateOutcome {
  Watch watch = Watch::kNotOptedIn;
  bool record = true;         ///< false when the state dir is another instance's
  common::MonitorSpec names;  ///< its pod, namespace, container and action
  std::string reason;
};

void prepare(const common::RuntimeCommand& command, const common::Config& config, const std::string& runtime,
             PriorInstance prior, CreateOutcome& outcome) {
  const common::CreateOptions& create = *command.create;
  const std::string& id = create.container_id;
  const std::string path = spec_path(create);

  rapidjson::Document spec_doc = common::parse_json(common::read_regular_file(path, kMaxSpecBytes), path);
  const common::OptInDecision decision = common::decide_opt_in(spec_doc);
  if (!decision.opt_in) {
    if (decision.suspicious)
      spdlog::warn("container {}: not watched: '{}': {}", id, path, decision.reason);
    else if (decision.sandbox)
      spdlog::info("container {}: not watched: {}", id, decision.reason);
    else
      spdlog::debug("container {}: not watched: {}", id, decision.reason);
    return;
  }
  outcome.watch = Watch::kUnwatched;  // until its monitor runs
  std::vector<std::string> ignored;
  outcome.names = common::make_monitor_spec(spec_doc, *decision.opt_in, id, "null", ignored);
  const auto paths = common::container_paths(config.state_root, id);
  if (!paths) {
    outcome.record = false;
    outcome.reason = "the id is not a valid container id";
    spdlog::warn("container {}: not watched: {}", id, outcome.reason);
    return;
  }
  if (restore_original_profile(spec_doc, path, config.state_root) == Restore::kImpossible) {
    outcome.reason = "config.json names our listener from an earlier create, but '" + original_profile_path(path) +
                     "' is gone; left as it is";
    spdlog::error("container {}: {}", id, outcome.reason);
    return;
  }
  if (prior == PriorInstance::kRunning) {
    outcome.record = false;
    outcome.reason = "a container with this id is watched already";
    log_id_in_use(config, id, command.global.root);
    return;
  }
  const std::string original = original_seccomp(spec_doc);
  // The monitor answers from this model of the profile: one it cannot read must
  // not be rewritten (the runtime then judges the profile itself).
  if (original != "null") (void)common::DenyRules::from_seccomp(common::parse_json(original, "linux.seccomp"));
  const ContainerOptions options = container_options(spec_doc, config, id);
  // Kill rules stay the kernel's wherever the monitor can read its kill records.
  const bool has_kills = original.find("SCMP_ACT_KILL") != std::string::npos;
  const std::string no_kill_records = !has_kills             ? std::string()
                                      : !config.kill_records ? "config.toml says kill_records = false"
                                                             : common::audit_kills_unavailable();
  const common::KillRules kills = no_kill_records.empty() ? common::KillRules::kStay : common::KillRules::kNotify;
  if (!no_kill_records.empty())
    spdlog::warn(
        "container {}: its kill rules notify, and the monitor ends their callers by a signal, which is not always "
        "the kernel's end (a pid namespace's init gets SIGKILL; see seccomp-witnessctl doctor): {}",
        id, no_kill_records);
  const common::RewriteResult result =
      common::rewrite_seccomp(spec_doc, paths->socket, options.coverage, options.rules.syscalls(), kills);
  for (const auto& why : result.not_judged) spdlog::warn("container {}: argument rules cannot judge {}", id, why);
  if (result.outcome != common::RewriteOutcome::kRewritten) {
    outcome.reason = "running unchanged: " + common::describe(result);
    spdlog::info("container {}: opted in by {}, {}", id, decision.opt_in->annotation, outcome.reason);
    return;
  }
  if (const std::uint64_t served = notify_fds_on_node(config); served >= config.notify_fds_per_node) {
    outcome.reason = "the monitors of this node serve " + std::to_string(served) +
                     " notify fds already (notify_fds_per_node in config.toml); running under the original profile";
    spdlog::warn("container {}: opted in, but {}", id, outcome.reason);
    return;
  }
  if (::access(config.monitor.c_str(), X_OK) != 0) {
    outcome.reason = "the monitor '" + config.monitor + "' cannot be run (config file '" + common::config_file_path() +
                     "'); running under the original profile";
    spdlog::warn("container {}: opted in, but {}", id, outcome.reason);
    return;
  }

  std::vector<std::string> warnings;
  common::MonitorSpec spec =
      common::make_monitor_spec(spec_doc, *decision.opt_in, id, original, warnings, config.stop_within_seconds);
  for (const auto& warning : warnings) spdlog::warn("container {}: {}", id, warning);
  spec.socket = paths->socket;
  spec.coverage = common::to_string(options.coverage);
  spec.stop_policy = options.stop_policy;
  spec.events_max_bytes = config.events_max_bytes;
  spec.kills_by_audit = has_kills && kills == common::KillRules::kStay;
  if (!result.judged.empty()) {
    spec.arg_rules = options.rules_json;
    spec.judged = result.judged;
  }
  spec.blind_spots = result.blind_spots;
  spec.runtime = runtime;
  spec.runtime_args = command.global.args;
  start_monitor(config.monitor, *paths, spec, common::ContainerInstance{common::normalized_root(command.global.root)});
  // Last step: once config.json names the listener, the runtime depends on the monitor.
  common::write_file_atomically(original_profile_path(path), original, 0600);
  common::replace_file_atomically(path, common::to_json(spec_doc));
  outcome.watch = Watch::kWatched;
  spdlog::info("container {}: watched ({}, by {}): {}; listener {}", id, common::to_string(decision.opt_in->action),
               decision.opt_in->annotation, common::describe(result), paths->socket);
}

/// An opted-in container that runs unwatched leaves a record where an operator
/// looks: the journal, and its state dir (seccomp-witnessctl list shows it
/// "unwatched", with the reason), unless that dir is another instance's.
void record_unwatched(const common::Config& config, const std::string& id, const CreateOutcome& outcome) {
  common::journal_warning("container " + id + ": opted in, but not watched: " + outcome.reason);
  const auto paths = common::container_paths(config.state_root, id);
  if (!outcome.record || !paths) return;
  try {
    const std::string root = std::filesystem::path(paths->state_dir).parent_path();
    if (::mkdir(root.c_str(), 0711) != 0 && errno != EEXIST) common::throw_errno("mkdir", root);
    if (::mkdir(paths->state_dir.c_str(), 0700) != 0) common::throw_errno("mkdir", paths->state_dir);
    common::write_file_atomically(paths->state_dir + "/" + common::kSummaryFile,
                                  common::unwatched_summary_json(outcome.names, outcome.reason), 0644);
  } catch (const std::exception& e) {
    spdlog::warn("container {}: no record of it in the state dir: {}", id, e.what());
  }
}

}  // namespace

std::string spec_path(const common::CreateOptions& create) {
  if (!create.config_file.empty() && create.config_file.front() == '/') return create.config_file;
  const std::string bundle = create.bundle.empty() ? "." : create.bundle;
  return bundle + "/" + create.config_file;
}

void intercept_create(const common::RuntimeCommand& command, const common::Config& config, const std::string& runtime) {
  const std::string& id = command.create->container_id;
  // Whether opted in or not: nothing of a container that is gone may reach this one.
  PriorInstance prior = PriorInstance::kRunning;
  try {
    prior = retire_prior_instance(config.state_root, id, config.retention);
  } catch (const std::exception& e) {
    spdlog::warn("container {}: the state of an earlier container with this id stays where it is: {}", id, e.what());
  }
  CreateOutcome outcome;
  try {
    prepare(command, config, runtime, prior, outcome);
  } catch (const std::exception& e) {
    // Name the file, unless the error already does.
    const std::string path = spec_path(*command.create);
    const std::string what = e.what();
    outcome.reason = (what.find(path) == std::string::npos ? "'" + path + "': " : "") + what;
    // No config.json at all: the runtime refuses the create and says so itself.
    const auto* sys = dynamic_cast<const std::system_error*>(&e);
    const bool missing = sys != nullptr && sys->code() == std::errc::no_such_file_or_directory &&
                         what.starts_with("open '" + path + "'");
    spdlog::log(missing ? spdlog::level::debug : spdlog::level::err,
                "container {}: not watched, running under the original profile: {}", id, outcome.reason);
  }
  if (outcome.watch == Watch::kUnwatched) record_unwatched(config, id, outcome);
}

}  // namespace shim
