#pragma once

#include <optional>
#include <string>

#include "monitor_lock.hpp"
#include "monitor_spec.hpp"
#include "paths.hpp"

namespace shim {

/// Creates the state dir (0700), writes `spec` to monitor.json in it, binds the
/// listener socket and starts the detached `program` holding it (fd 3), with a
/// pidfd of this process (fd 4): after exec it is the runtime's, so the monitor
/// learns when `create` ended; and monitor.lock, locked, as fd 5 for its life.
/// Throws std::system_error naming what failed; a half-made state dir is removed.
void start_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorSpec& spec);

/// The lock of the container an `exec` goes to, when the container is ours and
/// its monitor is gone (killed, OOM): the runtime would fail the exec, unable to
/// reach the listener. nullopt otherwise, at the cost of one open().
[[nodiscard]] std::optional<common::MonitorLock> orphaned_monitor(const std::string& state_root,
                                                                  const std::string& container_id);

/// Starts a new monitor in place of a dead one, from the same monitor.json, going
/// on from its summary: it serves the exec's notify fd. The container's own fd
/// died with the old monitor (its denied syscalls now fail with ENOSYS).
void restart_monitor(const std::string& program, const common::ContainerPaths& paths, common::MonitorLock lock);

}  // namespace shim
