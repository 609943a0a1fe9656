// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

#include "state/config_file.hpp"

namespace shim {

/// Why an `exec` into `container_id` (under `runtime_root`) must be refused: its
/// monitor serves config.toml's notify_fds_per_container notify fds already, or
/// the node's monitors together notify_fds_per_node, each on a thread of its
/// own. Refused before the runtime makes the exec's notify fd, so that nothing
/// of the container is left without answers. Empty when the exec may go on, or
/// the container is not one of ours.
[[nodiscard]] std::string exec_refusal(const std::string& container_id, const std::string& runtime_root,
                                       const common::Config& config);

/// The notify fds the running monitors of the node serve together.
[[nodiscard]] std::uint64_t notify_fds_on_node(const common::Config& config);

}  // namespace shim
