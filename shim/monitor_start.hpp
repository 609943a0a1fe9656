#pragma once

#include <string>

#include "monitor_spec.hpp"
#include "paths.hpp"

namespace shim {

/// Creates the state dir (0700), writes `spec` to monitor.json in it, binds the
/// listener socket and starts the detached `program` holding it (fd 3), with a
/// pidfd of this process (fd 4): after exec it is the runtime's, so the monitor
/// learns when `create` ended. Throws std::system_error naming what failed; a
/// half-made state dir is removed.
void start_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorSpec& spec);

}  // namespace shim
