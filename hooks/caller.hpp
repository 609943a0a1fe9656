// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "linux/pidfd.hpp"
#include "linux/seccomp_notify.hpp"
#include "unique_fd.hpp"

namespace hooks {

/// The task behind one notification, reached safely: every read from it is
/// bounded, and only trusted once the notification is checked to be still
/// pending (so its pid was not reused in between).
class Caller {
 public:
  /// The most bytes one read may copy: option values and structs are small.
  static constexpr std::size_t kMaxRead = 4096;

  Caller(int notify_fd, const common::Notification& notification) : notify_fd_(notify_fd), n_(notification) {}

  [[nodiscard]] const common::Notification& notification() const { return n_; }
  [[nodiscard]] std::uint64_t arg(std::size_t index) const { return n_.args.at(index); }
  /// True when the caller uses the monitor's own ABI (x86_64 here): the hooks
  /// decode arguments as this machine's headers lay them out.
  [[nodiscard]] bool native() const;

  /// Copies `length` bytes at `address` out of the caller (process_vm_readv).
  /// nullopt when the length exceeds kMaxRead, the read is short or fails, or the
  /// notification is gone.
  [[nodiscard]] std::optional<std::vector<std::byte>> read(std::uint64_t address, std::size_t length) const;

  /// A copy of the caller's file descriptor `fd` (pidfd_getfd through `pidfd`,
  /// of the caller's thread). Throws std::system_error naming the call; an empty
  /// fd when the notification is gone.
  [[nodiscard]] common::UniqueFd take_fd(const common::ThreadPidfd& pidfd, int fd) const;

  /// True while the caller still waits for our answer.
  [[nodiscard]] bool still_waiting() const { return common::notification_valid(notify_fd_, n_.id); }

 private:
  int notify_fd_;
  common::Notification n_;
};

}  // namespace hooks
