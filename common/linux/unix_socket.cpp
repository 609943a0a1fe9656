// SPDX-License-Identifier: Apache-2.0
#include "linux/unix_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sys_error.hpp"

namespace common {
namespace {

sockaddr_un address_of(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) throw sys_error(ENAMETOOLONG, "socket path", path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

UniqueFd stream_socket(const std::string& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) throw_errno("socket", path);
  return fd;
}

}  // namespace

UniqueFd listen_unix(const std::string& path) {
  const sockaddr_un addr = address_of(path);
  UniqueFd fd = stream_socket(path);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw_errno("unlink", path);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) throw_errno("bind", path);
  if (::chmod(path.c_str(), 0600) != 0) throw_errno("chmod", path);
  if (::listen(fd.get(), 16) != 0) throw_errno("listen", path);
  return fd;
}

UniqueFd connect_unix(const std::string& path) {
  const sockaddr_un addr = address_of(path);
  UniqueFd fd = stream_socket(path);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) throw_errno("connect", path);
  return fd;
}

UniqueFd accept_unix(int listener) {
  while (true) {
    UniqueFd fd(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    if (fd) return fd;
    if (errno != EINTR && errno != ECONNABORTED) throw_errno("accept4");
  }
}

PeerCredentials peer_credentials(int socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) throw_errno("getsockopt SO_PEERCRED");
  return {cred.uid, cred.pid};
}

std::size_t collect_passed_fds(msghdr& msg, int* out, std::size_t max) {
  std::size_t count = 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < n; ++i) {
      int fd = -1;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      if (count < max)
        out[count++] = fd;
      else
        ::close(fd);
    }
  }
  return count;
}

ReceivedMessage receive_with_fds(int socket, std::size_t max_bytes, std::size_t max_fds) {
  ReceivedMessage out;
  out.data.resize(max_bytes);
  std::vector<char> control(CMSG_SPACE(sizeof(int) * max_fds));
  iovec iov{out.data.data(), out.data.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.data();
  msg.msg_controllen = control.size();

  ssize_t n = 0;
  do n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0) throw_errno("recvmsg");
  out.data.resize(static_cast<std::size_t>(n));
  out.truncated = (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;

  // The control buffer holds max_fds (rounded up to its alignment): one more.
  std::vector<int> fds(max_fds + 1);
  const std::size_t count = collect_passed_fds(msg, fds.data(), fds.size());
  for (std::size_t i = 0; i < count; ++i) out.fds.emplace_back(fds[i]);
  return out;
}

void send_with_fds(int socket, std::string_view data, const std::vector<int>& fds) {
  std::vector<char> control(fds.empty() ? 0 : CMSG_SPACE(sizeof(int) * fds.size()));
  iovec iov{const_cast<char*>(data.data()), data.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (!fds.empty()) {
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t n = 0;
  do n = ::sendmsg(socket, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) throw_errno("sendmsg");
}

}  // namespace common
