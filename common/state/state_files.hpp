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

/// The number of notify fds the monitor serves now, written by its worker
/// whenever it changes, for the wrapper's limits on execs (config.toml's
/// notify_fds_per_container and notify_fds_per_node).
inline constexpr std::string_view kNotifyFdsFile = "notify-fds";

}  // namespace common
