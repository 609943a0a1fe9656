// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace common {

/// What runc and crun send with the notify fd(s) on the listener socket: the
/// container process state of the OCI runtime spec. Only what we use.
struct StateMessage {
  std::vector<std::string> fds;  ///< names of the fds sent along, in order ("seccompFd")
  int pid = 0;                   ///< the process the fds came from
  std::string container_id;      ///< state.id
  int init_pid = 0;              ///< state.pid: the container's init (0 when absent)
};

/// The most bytes of a state message read: runc's and crun's are a few KiB;
/// anything far beyond is not theirs.
inline constexpr std::size_t kMaxStateMessage = 1 << 20;
/// The most fds read with one state message: the runtime sends one notify fd a
/// connection; a few more are tolerated.
inline constexpr std::size_t kMaxFdsPerMessage = 4;

/// Parses a state message; throws JsonError saying what is wrong. The runtime is
/// trusted (root), but a message is still read as untrusted input.
[[nodiscard]] StateMessage parse_state_message(std::string_view text);

}  // namespace common
