// SPDX-License-Identifier: Apache-2.0
// The least a seccomp listener can do, for the benchmark: take the notify fd from
// the runtime, answer every notification EPERM, exit when the fd hangs up. No
// JSON, no rules, no records: the physical limit of the round trip that our
// monitor is compared with. It waits in poll(), as our monitor does: the kernel
// wakes a listener synchronously only through the fd's wait queue.
//   min_listener [--sync-wake-up] SOCKET_PATH
//   --sync-wake-up: SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6), as our monitor sets it
#include <poll.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "linux/seccomp_notify.hpp"

namespace {

int receive_fd(int connection) {
  char data[8192];
  iovec io{data, sizeof data};
  alignas(cmsghdr) char control[CMSG_SPACE(4 * sizeof(int))];
  msghdr msg{};
  msg.msg_iov = &io;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  if (::recvmsg(connection, &msg, 0) <= 0) return -1;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    int fd = -1;
    std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool sync_wake_up = argc == 3 && std::strcmp(argv[1], "--sync-wake-up") == 0;
  if (argc != 2 && !sync_wake_up) {
    std::fprintf(stderr, "usage: min_listener [--sync-wake-up] SOCKET_PATH\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
  ::unlink(path);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 4) != 0) {
    std::perror("min_listener: bind");
    return 1;
  }
  const int connection = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  const int notify_fd = connection >= 0 ? receive_fd(connection) : -1;
  if (notify_fd < 0) {
    std::fprintf(stderr, "min_listener: no notify fd\n");
    return 1;
  }
  if (const int err = sync_wake_up ? common::set_sync_wake_up(notify_fd) : 0; err != 0) {
    std::fprintf(stderr, "min_listener: SECCOMP_IOCTL_NOTIF_SET_FLAGS: %s\n", std::strerror(err));
    return 1;
  }
  seccomp_notif* request = nullptr;
  seccomp_notif_resp* response = nullptr;
  if (seccomp_notify_alloc(&request, &response) != 0) return 1;
  while (true) {
    pollfd p{notify_fd, POLLIN, 0};
    if (::poll(&p, 1, -1) < 0 && errno != EINTR) break;
    if ((p.revents & POLLHUP) != 0) break;
    std::memset(request, 0, sizeof *request);
    if (seccomp_notify_receive(notify_fd, request) != 0) continue;
    response->id = request->id;
    response->val = 0;
    response->error = -EPERM;
    response->flags = 0;
    (void)seccomp_notify_respond(notify_fd, response);
  }
  seccomp_notify_free(request, response);
  ::unlink(path);
  return 0;
}
