// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace shim {

/// The fds a supervisor starts with. The wrapper passes them in this order from
/// fd 3 (common::spawn_detached); the audit and proc connector sockets only where
/// kill rules stay the kernel's (the proc connector's only with the audit socket).
enum PassedFd : int {
  kListenerFd = 3,  ///< the listener socket the runtime connects to
  kRuntimeFd = 4,   ///< a pidfd of the runtime that created the container
  kLockFd = 5,      ///< monitor.lock, locked: held for the monitor's life
  kAuditFd = 6,     ///< the audit socket of the kernel's kill records
  kExitsFd = 7,     ///< the proc connector's socket of SIGSYS exits
};

/// A worker's fds: the control channel to its supervisor first, then the
/// supervisor's own in the same order, one number up.
inline constexpr int kWorkerControlFd = 3;
[[nodiscard]] constexpr int worker_fd(PassedFd fd) {
  return fd + 1;
}

}  // namespace shim
