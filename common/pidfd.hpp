#pragma once

#include <sys/types.h>

#include "unique_fd.hpp"

namespace common {

/// A pidfd for `pid` (pidfd_open, close-on-exec): readable once the process has
/// exited, and immune to pid reuse. Throws std::system_error.
[[nodiscard]] UniqueFd open_pidfd(pid_t pid);

}  // namespace common
