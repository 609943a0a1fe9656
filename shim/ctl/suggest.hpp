// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include <memory>

#include "containers.hpp"

namespace ctl {

/// Adds `suggest`: from what the monitors saw to a profile that lets exactly that through.
void add_suggest_command(CLI::App& app, const std::shared_ptr<StateOptions>& options);

}  // namespace ctl
