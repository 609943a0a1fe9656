// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/socket.h>

#include <sys/types.h>
#include <cstddef>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace common {

/// Binds and listens on a stream socket at `path` (a stale socket there is
/// replaced), mode 0600. Throws std::system_error naming the call and the path.
[[nodiscard]] UniqueFd listen_unix(const std::string& path);

/// Accepts one connection (SOCK_CLOEXEC). Throws on failure.
[[nodiscard]] UniqueFd accept_unix(int listener);

/// The uid and pid of a connected peer (SO_PEERCRED).
struct PeerCredentials {
  uid_t uid = 0;
  pid_t pid = 0;
};
[[nodiscard]] PeerCredentials peer_credentials(int socket);

/// One message read from a unix socket with the descriptors that came with it
/// (MSG_CMSG_CLOEXEC, so none leaks). `data` is empty at end of stream.
struct ReceivedMessage {
  std::string data;
  std::vector<UniqueFd> fds;
  bool truncated = false;  ///< data or control buffer was too small
};
/// The SCM_RIGHTS fds that came with `msg`, into `out` (at most `max`; any more
/// are closed). Counts only what each header really holds, never the sender's
/// word. Allocates nothing (the supervisor calls it).
std::size_t collect_passed_fds(msghdr& msg, int* out, std::size_t max);

[[nodiscard]] ReceivedMessage receive_with_fds(int socket, std::size_t max_bytes, std::size_t max_fds);

/// Sends `data` with `fds` attached (SCM_RIGHTS).
void send_with_fds(int socket, std::string_view data, const std::vector<int>& fds);

/// Connects to the stream socket at `path`.
[[nodiscard]] UniqueFd connect_unix(const std::string& path);

}  // namespace common
