// SPDX-License-Identifier: Apache-2.0
#include "control_channel.hpp"

#include "linux/unix_socket.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace shim {
namespace {

constexpr std::size_t kFdSpace = CMSG_SPACE(sizeof(int) * (ControlMessage::kMaxFds + 1));

}  // namespace

bool send_control(int socket, const ControlMessage& message, const int* fds, std::size_t fd_count) {
  iovec iov{const_cast<ControlMessage*>(&message), sizeof message};
  alignas(cmsghdr) char control[kFdSpace] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (fd_count > 0) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(sizeof(int) * fd_count);
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fd_count);
    std::memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * fd_count);
  }
  ssize_t sent = -1;
  do sent = ::sendmsg(socket, &msg, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  return sent == static_cast<ssize_t>(sizeof message);
}

int receive_control(int socket, ControlMessage& message, int* fds, bool wait) {
  iovec iov{&message, sizeof message};
  alignas(cmsghdr) char control[kFdSpace] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t got = -1;
  do got = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC | (wait ? 0 : MSG_DONTWAIT));
  while (got < 0 && errno == EINTR);
  if (got < 0) return -1;
  const int count = static_cast<int>(common::collect_passed_fds(msg, fds, ControlMessage::kMaxFds + 1));
  if (got == 0) {
    errno = ECONNRESET;
    return -1;
  }
  const std::size_t expected =
      (message.count > ControlMessage::kMaxFds ? 0 : message.count) + (message.has_connection != 0 ? 1 : 0);
  if (got != static_cast<ssize_t>(sizeof message) || static_cast<std::size_t>(count) != expected) {
    for (int i = 0; i < count; ++i) ::close(fds[i]);
    errno = EPROTO;
    return -1;
  }
  return count;
}

}  // namespace shim
