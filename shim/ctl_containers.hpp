#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "past_records.hpp"

namespace ctl {

/// Options every state-reading command shares.
struct StateOptions {
  std::string state_dir;  ///< empty: state_dir from config.toml
  bool json = false;
  [[nodiscard]] std::string root() const;
  /// How long and how many past records the node keeps (config.toml).
  [[nodiscard]] common::Retention retention() const;
};

/// Adds `list`, `show <id>` and `events <id> [--follow]`.
void add_container_commands(CLI::App& app, const std::shared_ptr<StateOptions>& options);

}  // namespace ctl
