// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace common {

/// Where a watched container stands, as summary.json says it and `list` shows it.
enum class ContainerState {
  kWatching,   ///< its monitor serves it
  kStopped,    ///< stopped for its violations (action stop)
  kExited,     ///< its processes ended; the monitor wrote its last summary
  kLost,       ///< its monitor died while it ran, or a monitor started again saw it end
  kUnwatched,  ///< opted in, but runs without a monitor (the reason says why)
  kUnreadable  ///< its summary.json could not be read (too large, broken)
};

/// "watching", "stopped", "exited", "lost", "unwatched", "unreadable".
[[nodiscard]] std::string_view to_string(ContainerState state);
/// The state a name names; nullopt for any other text.
[[nodiscard]] std::optional<ContainerState> parse_container_state(std::string_view text);

}  // namespace common
