// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include <memory>

#include "containers.hpp"

namespace ctl {

/// Adds `restart-monitors`: after seccomp-witness was installed anew, every
/// running monitor runs the new monitor program, without any container
/// restarting or any notification lost (SIGHUP to each supervisor, which stops
/// its worker and executes the program again with what it holds).
void add_restart_command(CLI::App& app, const std::shared_ptr<StateOptions>& options);

}  // namespace ctl
