// SPDX-License-Identifier: Apache-2.0
// The worker's side of the supervisor (supervisor.hpp): notify fds and the
// runtime's connections come over the control channel; hung-up fds are given
// back; a supervisor that died leaves the worker to take connections itself.
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "linux/unix_socket.hpp"
#include "monitor.hpp"
#include "state/state_message.hpp"

namespace shim {
namespace {

constexpr auto kSyncTimeout = std::chrono::seconds(2);

}  // namespace

void Monitor::read_control() {
  control_->async_wait(boost::asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
    if (ec) return;
    ControlMessage message;
    int fds[ControlMessage::kMaxFds + 1];
    for (;;) {
      const int count = receive_control(control_->native_handle(), message, fds, false);
      if (count >= 0) {
        on_control(message, fds, count);
        continue;
      }
      if (errno == EAGAIN) break;
      if (errno == EPROTO) continue;  // a message we cannot read; its fds are closed
      supervisor_gone();
      return;
    }
    read_control();
  });
}

void Monitor::on_control(const ControlMessage& message, int* fds, int count) {
  if (message.kind == ControlMessage::kSync) {
    sync_replied_ = true;
    waiting_connections_ = message.count;
    // A connection the runtime made and closed without a message: perhaps all is done.
    if (!in_sync_ && runtime_exited_ && !connected_ && waiting_connections_ == 0) exit_if_done();
    return;
  }
  if (message.kind != ControlMessage::kNotifyFds) {
    for (int i = 0; i < count; ++i) ::close(fds[i]);
    return;
  }
  common::UniqueFd connection(message.has_connection != 0 ? fds[0] : -1);
  const int first = message.has_connection != 0 ? 1 : 0;
  std::string origin = "the supervisor";
  const pid_t peer = connection ? common::peer_credentials(connection.get()).pid : 0;
  if (connection) origin = "pid " + std::to_string(peer);
  // Serve at once, before anything else: a caller may be blocked in its first
  // notified syscall until we do. Only real notify fds are served.
  for (std::uint32_t i = 0; i < message.count; ++i)
    if (!serve(common::UniqueFd(fds[first + static_cast<int>(i)]), origin, message.slots[i])) release(message.slots[i]);
  if (!connection) return;
  // The supervisor kept the fds that came with the state message; ours are copies.
  try {
    const common::ReceivedMessage state =
        common::receive_with_fds(connection.get(), common::kMaxStateMessage, common::kMaxFdsPerMessage);
    note_state(common::parse_state_message(state.data), peer);
  } catch (const std::exception& e) {
    spdlog::debug("container {}: runtime state message: {}", spec_.container_id, e.what());
  }
}

void Monitor::release(std::uint32_t slot) {
  if (!control_ || slot == kNoSlot) return;
  ControlMessage message;
  message.kind = ControlMessage::kRelease;
  message.slots[0] = slot;
  (void)send_control(control_->native_handle(), message, nullptr, 0);
}

void Monitor::sync_with_supervisor() {
  ControlMessage request;
  request.kind = ControlMessage::kSync;
  if (!send_control(control_->native_handle(), request, nullptr, 0)) return;
  sync_replied_ = false;
  in_sync_ = true;
  const auto deadline = std::chrono::steady_clock::now() + kSyncTimeout;
  ControlMessage message;
  int fds[ControlMessage::kMaxFds + 1];
  while (!sync_replied_) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd ready{control_->native_handle(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
    const int count = receive_control(control_->native_handle(), message, fds, false);
    if (count < 0 && errno != EPROTO && errno != EAGAIN) break;
    if (count >= 0) on_control(message, fds, count);
  }
  in_sync_ = false;
}

void Monitor::supervisor_gone() {
  control_.reset();
  spdlog::warn(
      "container {}: the supervisor is gone; this worker now takes the runtime's connections itself, and its "
      "death would cost the container its listener (ENOSYS)",
      spec_.container_id);
  accept_next();
}

void Monitor::handle_sigterm() {
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    handed_over_ = true;
    io_.stop();
  });
}

}  // namespace shim
