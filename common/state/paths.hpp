// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace common {

inline constexpr std::string_view kDefaultStateRoot = "/run/seccomp-witness";
inline constexpr std::string_view kDefaultConfigPath = "/etc/seccomp-witness/config.toml";

/// Where one container's files live.
struct ContainerPaths {
  std::string state_dir;  ///< <root>/<id>, 0700
  std::string socket;     ///< the listenerPath handed to the runtime
};

/// runc's rule for container ids: letters, digits, '_', '+', '-', '.', and not "." or "..".
[[nodiscard]] bool valid_container_id(std::string_view id);

/// The paths for container `id` under `state_root`, or nullopt for an invalid id.
/// The socket is <state_dir>/notify.sock unless that is longer than sun_path
/// allows; then it is <root>/s/<hash of id>.sock, which always fits for a sane root.
[[nodiscard]] std::optional<ContainerPaths> container_paths(std::string_view state_root, std::string_view id);

/// The most bytes a unix socket path may have (sun_path less its terminating NUL).
[[nodiscard]] std::size_t max_socket_path();

}  // namespace common
