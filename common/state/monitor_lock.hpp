// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "unique_fd.hpp"

namespace common {

/// monitor.lock in a container's state dir: its monitor holds an exclusive
/// flock on it for as long as it lives, so that the wrapper can tell a monitor
/// that died (SIGKILL, OOM) from one that runs, without trusting a pid.
class MonitorLock {
 public:
  /// Takes the lock of `state_dir`, creating the file; throws when it cannot
  /// (another monitor holds it, or the file cannot be opened).
  [[nodiscard]] static MonitorLock take(const std::string& state_dir);
  /// Takes the lock of a state dir whose monitor is gone. nullopt while the
  /// monitor lives, and when there is no lock file (no container of ours).
  [[nodiscard]] static std::optional<MonitorLock> take_if_gone(const std::string& state_dir);

  [[nodiscard]] int fd() const { return fd_.get(); }

 private:
  explicit MonitorLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace common
