// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "profile/seccomp_coverage.hpp"
#include "profile/stop_policy.hpp"
#include "state/past_records.hpp"
#include "stop_timing.hpp"

namespace common {

inline constexpr std::uint64_t kDefaultEventsMaxBytes = 8 << 20;
/// Each notify fd served gets a record of its own in the shared counts (see
/// shared_counts.hpp), of which there are this many.
inline constexpr std::uint32_t kMaxNotifyFds = 64;
inline constexpr std::uint32_t kDefaultNotifyFdsPerContainer = kMaxNotifyFds;
inline constexpr std::uint32_t kDefaultNotifyFdsPerNode = 4096;

/// The operator's settings, from /etc/seccomp-witness/config.toml.
struct Config {
  std::string runtime;     ///< the real runtime; empty: $SECCOMP_WITNESS_RUNTIME, then runc on PATH
  std::string state_root;  ///< per-container state dirs
  std::string monitor;     ///< the monitor program started for opted-in containers
  CoverageMode coverage = CoverageMode::kFull;  ///< for containers without the coverage annotation
  std::string rules_file;  ///< argument rules for containers without the rules annotation; empty: none
  /// Whether the rules annotation may judge memory (optval), which makes the
  /// monitor carry calls out for the caller; rules_file always may.
  bool carry_out_from_annotation = false;
  double stop_within_seconds = kDefaultStopWithinSeconds;  ///< for containers without the stop-within annotation
  StopPolicy stop_policy;  ///< for containers without the ignore / stop-on-probes annotations
  Retention retention;     ///< how long and how many past containers' records are kept
  /// The most a container's events.jsonl takes; the summary counts everything.
  std::uint64_t events_max_bytes = kDefaultEventsMaxBytes;
  /// Notify fds a monitor serves at once (the container's and one per exec that
  /// runs), each on a thread of its own; an exec beyond is refused.
  std::uint32_t notify_fds_per_container = kDefaultNotifyFdsPerContainer;
  /// The same for all monitors of the node together.
  std::uint32_t notify_fds_per_node = kDefaultNotifyFdsPerNode;
  /// Kill rules stay the kernel's, and monitors read its audit records of the
  /// kills; false: they notify, and the monitor ends the caller by a signal.
  bool kill_records = true;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The config file to read: $SECCOMP_WITNESS_CONFIG, else the default path.
[[nodiscard]] std::string config_file_path();

/// The built-in settings, used where the file is silent or missing.
[[nodiscard]] Config default_config();

/// Reads `path`; a missing file gives the defaults. Throws ConfigError naming the
/// file, line and column for bad TOML, a key we do not know, or a wrong type.
[[nodiscard]] Config load_config(const std::string& path);

}  // namespace common
