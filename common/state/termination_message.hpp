// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace common {

/// Kubelet shows at most the last 4096 bytes of the termination message file.
inline constexpr std::size_t kTerminationMessageLimit = 4096;

/// Appends `message` to the host file behind the container's terminationMessagePath,
/// on a line of its own. The file must already exist (kubelet creates it) and be a
/// regular file reached by an absolute path without any symlink on the way
/// (openat2 with RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS), so a container
/// cannot point it at a host file. Throws std::system_error naming the path.
void append_termination_message(const std::string& path, std::string_view message);

}  // namespace common
