// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

namespace ctl {

/// Adds `doctor`: is this node set up to watch containers? One line per check
/// (config, real runtime, monitor, state dir, kernel, what engines pass the
/// runtime), each that is not fine with what to do. Exit 1 when one failed.
void add_doctor_command(CLI::App& app);

}  // namespace ctl
