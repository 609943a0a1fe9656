// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "state/config_file.hpp"
#include "state/monitor_lock.hpp"

namespace shim {

/// `exec` into a container of ours whose monitor died (`lock` proves it): starts
/// a new monitor before the runtime runs, which would otherwise fail the exec,
/// unable to reach the listener. Never throws; says what it did in the log.
void intercept_exec(const std::string& container_id, const common::Config& config, common::MonitorLock lock);

}  // namespace shim
