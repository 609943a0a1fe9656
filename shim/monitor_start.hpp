#pragma once

#include <string>
#include <vector>

#include "opt_in.hpp"
#include "paths.hpp"

namespace shim {

/// What the monitor of one container is told on its command line.
struct MonitorRequest {
  std::string program;  ///< the monitor binary
  std::string container_id;
  common::ContainerPaths paths;
  common::WitnessAction action = common::WitnessAction::kLog;
  std::string original_seccomp;  ///< the profile as written, to answer notifications as it would
  std::string runtime;           ///< the real runtime, to stop the container with
  std::vector<std::string> runtime_global_args;
};

/// Creates the state dir (0700), writes the original profile to seccomp.json in it,
/// binds the listener socket and starts the detached monitor holding it (fd 3).
/// Throws std::system_error naming what failed; a half-made state dir is removed.
void start_monitor(const MonitorRequest& request);

}  // namespace shim
