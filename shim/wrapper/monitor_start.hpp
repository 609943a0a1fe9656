// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "state/container_instance.hpp"
#include "state/monitor_lock.hpp"
#include "state/monitor_spec.hpp"
#include "state/paths.hpp"

namespace shim {

/// Creates the state dir (0700), writes `spec` to monitor.json in it, binds the
/// listener socket and starts the detached `program` holding it (fd 3), with a
/// pidfd of this process (fd 4): after exec it is the runtime's, so the monitor
/// learns when `create` ended; and monitor.lock, locked, as fd 5 for its life.
/// The state dir must not exist yet (see prior_instance.hpp); `instance` says
/// which container it is for. Throws std::system_error naming what failed (EEXIST
/// when another call made the dir first); a state dir it made is then removed.
void start_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorSpec& spec,
                   const common::ContainerInstance& instance);

/// Starts a new monitor in place of a dead one, from the same monitor.json, going
/// on from its summary: it serves the exec's notify fd. The container's own fd
/// died with the old monitor (its denied syscalls now fail with ENOSYS).
void restart_monitor(const std::string& program, const common::ContainerPaths& paths, common::MonitorLock lock);

}  // namespace shim
