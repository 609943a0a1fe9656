#include "notify_session.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace shim {

NotifySession::NotifySession(boost::asio::io_context& io, common::UniqueFd notify_fd, std::string origin,
                             NotificationHandler on_notification, HangupHandler on_hangup)
    : fd_(io, notify_fd.release()),
      origin_(std::move(origin)),
      on_notification_(std::move(on_notification)),
      on_hangup_(std::move(on_hangup)) {}

void NotifySession::wait() {
  fd_.async_wait(boost::asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted) return;
    // Pending notifications first: a caller that is still blocked must get its
    // answer even when the rest of its container is gone.
    if (!ec && !common::notify_fd_hung_up(fd_.native_handle())) {
      if (handle_one()) {
        wait();
        return;
      }
    }
    if (ec) spdlog::warn("notify fd of {}: {}", origin_, ec.message());
    on_hangup_(*this);  // may destroy this session: nothing after it
  });
}

bool NotifySession::handle_one() {
  try {
    on_notification_(fd_.native_handle(), buffers_);
    failures_in_a_row_ = 0;
    return true;
  } catch (const std::exception& e) {
    // One bad notification must not take the monitor down: every other caller
    // would then see ENOSYS. A fd that fails again and again is given up.
    spdlog::error("notify fd of {}: {}", origin_, e.what());
    if (++failures_in_a_row_ < kMaxFailuresInARow) return true;
    spdlog::error("notify fd of {}: giving it up after {} failures in a row; its syscalls now fail with ENOSYS",
                  origin_, kMaxFailuresInARow);
    return false;
  }
}

}  // namespace shim
