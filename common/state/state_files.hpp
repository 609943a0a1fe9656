// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace common {

/// The most bytes a record of a state dir (summary.json, monitor.json) is read
/// with: far beyond what a monitor writes now (summary.json is bounded to 1 MiB),
/// so that a record of an older monitor is still read whole.
inline constexpr std::size_t kMaxRecordBytes = 16 << 20;

/// The most monitor.log takes: what the monitor says grows with what a container
/// does (execs, connections), so it stops at this size, saying so.
inline constexpr std::uint64_t kMaxMonitorLogBytes = 1 << 20;

// The files of a container's state dir (<state_root>/<id>/), each named here
// only. README's "State" section says what each holds.

/// What the wrapper tells the monitor at create: the container, its rules.
inline constexpr char kMonitorSpecFile[] = "monitor.json";
/// The runtime root and init of the container instance that owns the dir.
inline constexpr char kInstanceFile[] = "instance.json";
/// The monitor's summary: state, totals, per syscall counts and callers.
inline constexpr char kSummaryFile[] = "summary.json";
/// One line a recorded call, bounded (config.toml's events_max_bytes).
inline constexpr char kEventsFile[] = "events.jsonl";
/// The counts a worker shares with the one that takes over from it.
inline constexpr char kCountsFile[] = "counts";
/// What the monitor says, at most kMaxMonitorLogBytes.
inline constexpr char kMonitorLogFile[] = "monitor.log";
/// Held (flock) by the supervisor for as long as a monitor serves the container.
inline constexpr char kMonitorLockFile[] = "monitor.lock";
/// The supervisor's pid and the worker's.
inline constexpr char kMonitorPidFile[] = "monitor.pid";
inline constexpr char kWorkerPidFile[] = "worker.pid";
/// The number of notify fds the monitor serves now, written by its worker
/// whenever it changes, for the wrapper's limits on execs (config.toml's
/// notify_fds_per_container and notify_fds_per_node).
inline constexpr char kNotifyFdsFile[] = "notify-fds";

}  // namespace common
