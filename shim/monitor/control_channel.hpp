// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

namespace shim {

/// The messages between a monitor's supervisor and its worker, over a
/// SOCK_SEQPACKET socketpair; fds travel as SCM_RIGHTS. Fixed size, so that the
/// supervisor's side allocates nothing.
struct ControlMessage {
  enum Kind : std::uint32_t {
    kNotifyFds = 1,  ///< supervisor -> worker: notify fds to serve, in `slots` order (after the connection, if any)
    kRelease = 2,    ///< worker -> supervisor: the notify fd of slots[0] hung up
    kSync = 3,       ///< worker -> supervisor, and back once every ready connection was handed over, with
                     ///< `count` the connections whose message has not come (also when that number drops)
  };
  static constexpr std::size_t kMaxFds = 16;

  std::uint32_t kind = 0;
  std::uint32_t count = 0;           ///< notify fds (and slots) in this message
  std::uint32_t has_connection = 0;  ///< the first fd is the runtime's connection, for its state message
  std::uint32_t slots[kMaxFds] = {};
};

/// Sends `message` with `fds` (connection first, then the notify fds). False with
/// errno set when the peer is gone.
bool send_control(int socket, const ControlMessage& message, const int* fds, std::size_t fd_count);

/// Receives one message and its fds (close-on-exec) into `fds`, which holds
/// kMaxFds + 1. Returns the number of fds, or -1 with errno set (EAGAIN: none
/// waiting; 0 bytes read gives ECONNRESET: the peer is gone). Fds beyond what
/// the message says are closed.
int receive_control(int socket, ControlMessage& message, int* fds, bool wait);

}  // namespace shim
