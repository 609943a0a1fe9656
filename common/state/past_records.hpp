// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace common {

/// Where the state dirs of containers that are gone are kept, under the state
/// root: '@' is not allowed in a container id, so no container's dir can clash.
inline constexpr std::string_view kPastDirName = "@past";
/// How long past records are kept, how many and how many bytes at most
/// (config.toml's past_records_seconds, past_records_max and
/// past_records_bytes); the oldest go first.
struct Retention {
  std::size_t max_records = 256;
  std::chrono::seconds max_age{3600};
  std::uint64_t max_bytes = 64 << 20;
};

[[nodiscard]] std::string past_root(std::string_view state_root);

/// Moves `state_dir` (container `id`'s, no longer in use) to
/// <state_root>/@past/<id>@<nanoseconds>, then drops what `retention` does not
/// keep. Throws std::system_error naming the path.
void retire_state_dir(std::string_view state_root, std::string_view id, const std::string& state_dir,
                      const Retention& retention = {});

/// Drops the past records older than `retention` allows, then the oldest beyond
/// its count, then the oldest until the rest fit its bytes.
void prune_past_records(std::string_view state_root, const Retention& retention);

}  // namespace common
