// SPDX-License-Identifier: Apache-2.0
#include "state/container_state.hpp"

#include <array>
#include <utility>

namespace common {
namespace {

constexpr std::array<std::pair<ContainerState, std::string_view>, 6> kNames{{
    {ContainerState::kWatching, "watching"},
    {ContainerState::kStopped, "stopped"},
    {ContainerState::kExited, "exited"},
    {ContainerState::kLost, "lost"},
    {ContainerState::kUnwatched, "unwatched"},
    {ContainerState::kUnreadable, "unreadable"},
}};

}  // namespace

std::string_view to_string(ContainerState state) {
  for (const auto& [value, name] : kNames)
    if (value == state) return name;
  return "unknown";
}

std::optional<ContainerState> parse_container_state(std::string_view text) {
  for (const auto& [value, name] : kNames)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace common
