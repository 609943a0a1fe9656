// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "unique_fd.hpp"

namespace common {

/// What monitor.pid holds: the supervisor's pid and its start time (clock ticks
/// since boot, as /proc/<pid>/stat says). A file of an older monitor holds the
/// pid alone.
struct MonitorPidRecord {
  pid_t pid = 0;
  std::optional<std::uint64_t> start_time;
};

/// Writes monitor.pid of `state_dir` for the calling process. Throws
/// std::system_error naming the file.
void write_monitor_pid_file(const std::string& state_dir);

/// Reads monitor.pid of `state_dir`; nullopt when there is none (the monitor
/// ended, which takes its pid files with it) or it holds no pid.
[[nodiscard]] std::optional<MonitorPidRecord> read_monitor_pid_file(const std::string& state_dir);

/// A pidfd for the supervisor of the record in `state_dir`, once it is proven to
/// be that very process and not one that took its pid since: the pidfd is opened
/// first, then the process must hold the record's lock (monitor.lock, flock'ed
/// for as long as the monitor lives), have the start time the record holds (a
/// record without one: have started before the record was written), and run
/// `monitor_program` (or a program of that name, replaced on disk since), and it
/// must still be the process the pidfd names once all that was read. A signal
/// sent through the pidfd then reaches the monitor or no one. nullopt, with the
/// reason in `why`, when any of that does not hold.
[[nodiscard]] std::optional<UniqueFd> prove_supervisor(const std::string& state_dir, const std::string& monitor_program,
                                                       std::string& why);

/// True when process `pid` holds a flock on the file at `path` (through any of
/// its fds, as /proc/<pid>/fdinfo tells).
[[nodiscard]] bool holds_flock(pid_t pid, const std::string& path);

}  // namespace common
