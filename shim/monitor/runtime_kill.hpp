// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "state/monitor_spec.hpp"

namespace shim {

struct KillResult {
  int exit_code = -1;
  std::string output;  ///< what the runtime printed, for the log
};

/// `<runtime> <its global flags> kill [--all] <id> KILL`: stops the container the
/// way its runtime would be asked to, with the root and log it was created with.
[[nodiscard]] KillResult kill_container(const common::MonitorSpec& spec);

}  // namespace shim
