// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include "unique_fd.hpp"

namespace common {

/// A pidfd for `pid` (pidfd_open, close-on-exec): readable once the process has
/// exited, and immune to pid reuse. Throws std::system_error.
[[nodiscard]] UniqueFd open_pidfd(pid_t pid);

/// A pidfd that names one thread of a seccomp notification (its pid is a thread
/// id): the thread itself where the kernel has PIDFD_THREAD (Linux 6.9), else its
/// thread group, since pidfd_open refuses a thread that does not lead its group.
struct ThreadPidfd {
  UniqueFd fd;
  bool thread = false;  ///< names the thread itself, not its thread group
};

/// Throws std::system_error naming the pid when the thread is gone. Only once the
/// notification is found still valid after this call does the pidfd surely name
/// the caller.
[[nodiscard]] ThreadPidfd open_thread_pidfd(pid_t tid);

/// Signals through a pidfd: the thread alone (`whole_process` false; a thread
/// pidfd only) or its whole process. False with errno set when it failed (ESRCH:
/// the process the pidfd names has ended, whichever took its pid since).
bool signal_pidfd(int pidfd, int signal, bool whole_process);

}  // namespace common
