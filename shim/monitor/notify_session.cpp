// SPDX-License-Identifier: Apache-2.0
#include "notify_session.hpp"

#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include "quiet_thread.hpp"

namespace shim {

NotifySession::NotifySession(common::UniqueFd notify_fd, int stop_fd, std::string origin,
                             NotificationHandler on_notification, HangupHandler on_hangup)
    : fd_(std::move(notify_fd)),
      stop_fd_(stop_fd),
      origin_(std::move(origin)),
      on_notification_(std::move(on_notification)),
      on_hangup_(std::move(on_hangup)) {}

NotifySession::~NotifySession() {
  if (thread_.joinable()) thread_.join();
}

void NotifySession::start() {
  thread_ = start_quiet_thread([this] { run(); });
}

void NotifySession::run() {
  for (;;) {
    pollfd ready[2] = {{fd_.get(), POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (::poll(ready, 2, -1) < 0) {
      if (errno == EINTR) continue;
      spdlog::error("notify fd of {}: poll: {}", origin_, std::strerror(errno));
      break;
    }
    if (ready[1].revents != 0) return;  // stopped: what is pending waits for the next worker
    // Pending notifications first: a caller that is still blocked must get its
    // answer even when the rest of its container is gone.
    if ((ready[0].revents & POLLIN) != 0) {
      if (handle_one()) continue;
      break;
    }
    if ((ready[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) break;
  }
  on_hangup_(*this);
}

bool NotifySession::handle_one() {
  try {
    on_notification_(fd_.get(), buffers_);
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
