// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>
#include <string>
#include <vector>

namespace common {

/// Starts `program` with `args` as a daemon, the way conmon starts: double fork so
/// that it is nobody's child but init's (or the nearest subreaper's), setsid, cwd
/// "/", stdin/stdout/stderr on /dev/null (so it never holds the pipes that conmon or
/// containerd read the runtime's output from), `pass_fds` as fds 3, 4, ... in order,
/// and no other descriptor. Returns once the program has been exec'd; throws std::system_error
/// when it could not be (the exec's errno comes back through a CLOEXEC pipe).
/// Returns the daemon's pid.
pid_t spawn_detached(const std::string& program, const std::vector<std::string>& args,
                     const std::vector<int>& pass_fds);

}  // namespace common
