// SPDX-License-Identifier: Apache-2.0
#include "exec_interceptor.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "monitor_start.hpp"
#include "state/paths.hpp"

namespace shim {

void intercept_exec(const std::string& container_id, const common::Config& config, common::MonitorLock lock) {
  try {
    const auto paths = common::container_paths(config.state_root, container_id);
    if (!paths) return;
    spdlog::warn("container {}: its monitor is gone; starting a new one for this exec", container_id);
    restart_monitor(config.monitor, *paths, std::move(lock));
  } catch (const std::exception& e) {
    spdlog::error("container {}: could not start a new monitor; the runtime will fail this exec: {}", container_id,
                  e.what());
  }
}

}  // namespace shim
