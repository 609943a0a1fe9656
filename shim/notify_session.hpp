#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <functional>
#include <string>

#include "seccomp_notify.hpp"
#include "unique_fd.hpp"

namespace shim {

/// Serves one seccomp notify fd (the container's, or one `exec`'s): waits for it to
/// become readable, hands each notification to `on_notification`, and calls
/// `on_hangup` once every task the filter applies to is gone.
class NotifySession {
 public:
  using NotificationHandler = std::function<void(int notify_fd, common::NotifyBuffers&)>;
  using HangupHandler = std::function<void(NotifySession&)>;

  NotifySession(boost::asio::io_context& io, common::UniqueFd notify_fd, std::string origin,
                NotificationHandler on_notification, HangupHandler on_hangup);

  void start() { wait(); }
  [[nodiscard]] const std::string& origin() const { return origin_; }

 private:
  void wait();
  /// Serves one notification; false when the fd should be given up.
  bool handle_one();

  static constexpr int kMaxFailuresInARow = 100;

  boost::asio::posix::stream_descriptor fd_;
  std::string origin_;
  common::NotifyBuffers buffers_;
  NotificationHandler on_notification_;
  HangupHandler on_hangup_;
  int failures_in_a_row_ = 0;
};

}  // namespace shim
