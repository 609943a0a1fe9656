// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace common {

/// The global flags of runc/crun that matter to us. `args` keeps them exactly as
/// given so that a later call of the runtime (kill) uses the same root and log.
struct GlobalOptions {
  std::vector<std::string> args;
  std::string root;
  std::string log_path;
  std::string log_format;  ///< "text" (runc's default) or "json"
  bool debug = false;
};

/// What `create` and `run` were told.
struct CreateOptions {
  std::string bundle;                       ///< as given; empty means the working directory
  std::string config_file = "config.json";  ///< crun's -f/--config, relative to the bundle
  std::string container_id;
};

/// A runtime command line, split the way runc (Go flag + urfave/cli) splits it.
struct RuntimeCommand {
  GlobalOptions global;
  std::string command;                  ///< "create", "state", ...; empty when absent
  std::optional<CreateOptions> create;  ///< set for a well-formed create/run only
  std::string exec_container_id;        ///< the container of a well-formed exec
  std::string delete_container_id;      ///< the container of a well-formed delete
  std::string not_intercepted_because;  ///< why `create` is empty, for the debug log
};

/// Parses argv without argv[0]. Never throws on odd input: whatever we do not
/// understand is left to the real runtime, which reports its own error.
[[nodiscard]] RuntimeCommand parse_runtime_command(std::span<const std::string> args);

/// Go's strconv.ParseBool, which runc applies to `--flag=value` of boolean flags.
[[nodiscard]] std::optional<bool> parse_go_bool(std::string_view text);

}  // namespace common
