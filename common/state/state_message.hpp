#pragma once

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

/// Parses a state message; throws JsonError saying what is wrong. The runtime is
/// trusted (root), but a message is still read as untrusted input.
[[nodiscard]] StateMessage parse_state_message(std::string_view text);

}  // namespace common
