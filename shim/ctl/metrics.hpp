// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include <memory>

#include "containers.hpp"

namespace ctl {

/// Adds `serve-metrics --listen ADDR`: a Prometheus endpoint (/metrics).
void add_metrics_command(CLI::App& app, const std::shared_ptr<StateOptions>& options);

}  // namespace ctl
