// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

namespace ctl {

/// Adds `profile resolve` and `profile rewrite` to the CLI.
void add_profile_commands(CLI::App& app);

}  // namespace ctl
