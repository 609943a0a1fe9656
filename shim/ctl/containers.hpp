// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "state/container_summary.hpp"
#include "state/past_records.hpp"

namespace ctl {

/// Options every state-reading command shares.
struct StateOptions {
  std::string state_dir;  ///< empty: state_dir from config.toml
  bool json = false;
  [[nodiscard]] std::string root() const;
  /// How long and how many past records the node keeps (config.toml).
  [[nodiscard]] common::Retention retention() const;
  /// The monitor program the node runs (config.toml).
  [[nodiscard]] std::string monitor_program() const;
};

/// Every container record under the state dir, live and past (problems on stderr).
[[nodiscard]] std::vector<common::ContainerSummary> summaries(const StateOptions& options);

/// The container a unique id prefix names, as `docker ps` ids are typed. Past
/// containers count only when no live one has the id; then the newest.
[[nodiscard]] common::ContainerSummary resolve(const StateOptions& options, const std::string& prefix);

/// Adds `list`, `show <id>` and `events <id> [--follow]`.
void add_container_commands(CLI::App& app, const std::shared_ptr<StateOptions>& options);

}  // namespace ctl
