#pragma once

#include <string>
#include <string_view>

namespace common {

/// Where the state dirs of containers that are gone are kept, under the state
/// root: '@' is not allowed in a container id, so no container's dir can clash.
inline constexpr std::string_view kPastDirName = "@past";
/// The most past records kept; the oldest go first.
inline constexpr std::size_t kMaxPastRecords = 256;

[[nodiscard]] std::string past_root(std::string_view state_root);

/// Moves `state_dir` (container `id`'s, no longer in use) to
/// <state_root>/@past/<id>@<nanoseconds>, then drops the oldest records beyond
/// kMaxPastRecords. Throws std::system_error naming the path.
void retire_state_dir(std::string_view state_root, std::string_view id, const std::string& state_dir);

}  // namespace common
