// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <thread>

#include "linux/seccomp_notify.hpp"
#include "unique_fd.hpp"

namespace shim {

/// Serves one seccomp notify fd (the container's, or one `exec`'s) on a thread of
/// its own: waits in poll(2), hands each notification to `on_notification`, and
/// calls `on_hangup` (on that thread) once every task the filter applies to is
/// gone. Ends without `on_hangup` once `stop_fd` (an eventfd shared by all
/// sessions) is readable.
///
/// Why a thread that polls, and not the monitor's event loop: with synchronous
/// wake-up the kernel wakes a waiter of the notify fd on the caller's CPU, and
/// the caller on ours, so a denied call costs one switch each way. epoll(7) gets
/// that wake-up second-hand and wakes its own waiter as usual; measured, it made
/// every denied call cost half as much again (test/bench, (d)).
class NotifySession {
 public:
  using NotificationHandler = std::function<void(int notify_fd, common::NotifyBuffers&)>;
  using HangupHandler = std::function<void(NotifySession&)>;

  NotifySession(common::UniqueFd notify_fd, int stop_fd, std::string origin, NotificationHandler on_notification,
                HangupHandler on_hangup);
  /// Waits for the thread: stop it first (the stop fd), or let it hang up.
  ~NotifySession();
  NotifySession(const NotifySession&) = delete;
  NotifySession& operator=(const NotifySession&) = delete;

  void start();
  [[nodiscard]] const std::string& origin() const { return origin_; }

 private:
  void run();
  /// Serves one notification; false when the fd should be given up.
  bool handle_one();

  static constexpr int kMaxFailuresInARow = 100;

  common::UniqueFd fd_;
  int stop_fd_;
  std::string origin_;
  common::NotifyBuffers buffers_;
  NotificationHandler on_notification_;
  HangupHandler on_hangup_;
  int failures_in_a_row_ = 0;
  std::thread thread_;
};

}  // namespace shim
