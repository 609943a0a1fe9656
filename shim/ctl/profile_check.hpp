// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

namespace ctl {

/// Adds `profile lint` and `profile invert` under `profile`.
void add_profile_check_commands(CLI::App& profile);

}  // namespace ctl
