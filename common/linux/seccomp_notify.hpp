// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

struct seccomp_notif;
struct seccomp_notif_resp;

namespace common {

/// One seccomp notification, copied out of libseccomp's buffer.
struct Notification {
  std::uint64_t id = 0;
  std::uint32_t pid = 0;  ///< the calling thread, in the monitor's pid namespace
  std::uint32_t arch = 0;
  int nr = 0;
  std::array<std::uint64_t, 6> args{};
};

/// The notification the kernel wrote into `request`.
[[nodiscard]] Notification to_notification(const seccomp_notif& request);

/// The kernel's request/response buffers for one notify fd (seccomp_notify_alloc).
class NotifyBuffers {
 public:
  NotifyBuffers();
  ~NotifyBuffers();
  NotifyBuffers(const NotifyBuffers&) = delete;
  NotifyBuffers& operator=(const NotifyBuffers&) = delete;

  /// Reads the next notification. nullopt when it vanished (its caller died);
  /// throws std::system_error naming the call for anything else.
  [[nodiscard]] std::optional<Notification> receive(int notify_fd) { return receive(notify_fd, nullptr); }

  /// The same, with the kernel writing the notification into `landing` (at
  /// least request_size() bytes; shared memory, so that it outlives a kill).
  [[nodiscard]] std::optional<Notification> receive(int notify_fd, void* landing);

  /// The bytes the kernel writes for one notification.
  [[nodiscard]] std::size_t request_size() const { return request_size_; }

  /// Answers `id`: the syscall returns -errno_value, or 0 when errno_value is 0.
  /// Returns false when the caller is already gone.
  bool respond_errno(int notify_fd, std::uint64_t id, int errno_value);

  /// Answers `id` with the result of a call we carried out for the caller: the
  /// syscall returns `value`, or -error when error is not 0.
  bool respond_result(int notify_fd, std::uint64_t id, std::int64_t value, int error);

  /// Lets the kernel run the call as it was made (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
  /// Only for calls judged from their registers: the caller's memory may change
  /// between our look and the kernel's.
  bool respond_continue(int notify_fd, std::uint64_t id);

 private:
  bool respond(int notify_fd, std::uint64_t id, std::int64_t value, int error, std::uint32_t flags);

  seccomp_notif* request_ = nullptr;
  seccomp_notif_resp* response_ = nullptr;
  std::size_t request_size_ = 0;
};

/// True while the caller of notification `id` still waits for its answer (so a
/// pid read from /proc since receiving it was not reused).
[[nodiscard]] bool notification_valid(int notify_fd, std::uint64_t id);

/// True when `fd` is a seccomp notify fd (anon_inode:seccomp notify).
[[nodiscard]] bool is_seccomp_notify_fd(int fd);

/// The syscall's name for an audit arch, e.g. "chroot"; "syscall_<nr>" when unknown.
[[nodiscard]] std::string syscall_name(std::uint32_t arch, int nr);

/// Asks the kernel to wake the listener on the caller's CPU and to run the caller
/// on ours (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, Linux 6.6): a round trip then
/// costs two switches on one CPU instead of a cross-CPU wake-up. Only a listener
/// that waits in poll(2) or in the receive ioctl gets it; an epoll(7) waiter is
/// woken the ordinary way. Returns 0, or the errno (EINVAL before 6.6).
/// Async-signal-safe.
int set_sync_wake_up(int notify_fd);

}  // namespace common
