// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <vector>

#include "opt_in.hpp"
#include "profile/stop_policy.hpp"
#include "stop_timing.hpp"

namespace common {

inline constexpr std::string_view kTerminationPathAnnotation = "io.kubernetes.container.terminationMessagePath";
inline constexpr std::string_view kDefaultTerminationPath = "/dev/termination-log";

/// Everything the monitor of one container needs, written by the wrapper into
/// <state-dir>/monitor.json before the monitor starts.
struct MonitorSpec {
  std::string container_id;
  std::string socket;  ///< the listener socket, removed when the monitor exits
  WitnessAction action = WitnessAction::kLog;
  double stop_after_seconds = kDefaultStopAfterSeconds;
  double stop_within_seconds = kDefaultStopWithinSeconds;  ///< from the first forbidden syscall
  std::string termination_log;               ///< host file behind terminationMessagePath; empty when not mounted
  std::string pod;                           ///< io.kubernetes.pod.name
  std::string pod_namespace;                 ///< io.kubernetes.pod.namespace
  std::string container_name;                ///< io.kubernetes.container.name
  std::string runtime;                       ///< the real runtime, to stop the container with
  std::vector<std::string> runtime_args;     ///< its global flags (--root, --log, ...)
  bool kill_all = false;                     ///< no pid namespace of its own: `kill --all`
  std::string seccomp;                       ///< the original linux.seccomp, as JSON
  std::string coverage = "named";            ///< "named" or "full" (see seccomp_coverage.hpp)
  std::vector<std::string> blind_spots;      ///< syscalls allowed only under conditions (full coverage)
  std::string arg_rules = "[]";              ///< the argument rules, as JSON (hooks/arg_rules.hpp)
  std::vector<std::string> judged;           ///< the syscalls they judge in this container
  StopPolicy stop_policy;                    ///< which denied calls are violations
  std::uint64_t events_max_bytes = 8 << 20;  ///< the most events.jsonl takes (config.toml)
  /// Kill rules stayed the kernel's: the monitor learns of each kill from the
  /// kernel's audit record (audit_kills.hpp), on the socket the wrapper passed it.
  bool kills_by_audit = false;
};

/// Builds the spec for an opted-in container from its OCI config (annotations,
/// mounts, namespaces). Problems with optional settings (an odd stop-after) are
/// appended to `warnings` and the defaults used; `stop_within` is config.toml's.
[[nodiscard]] MonitorSpec make_monitor_spec(const rapidjson::Value& config, const OptIn& opt_in,
                                            const std::string& container_id, const std::string& original_seccomp,
                                            std::vector<std::string>& warnings,
                                            double stop_within = kDefaultStopWithinSeconds);

[[nodiscard]] std::string to_json(const MonitorSpec& spec);

/// Throws JsonError naming `origin` when the file is not a monitor spec.
[[nodiscard]] MonitorSpec parse_monitor_spec(std::string_view text, std::string_view origin);
/// The monitor.json of `state_dir`; throws naming the file.
[[nodiscard]] MonitorSpec load_monitor_spec(const std::string& state_dir);

}  // namespace common
