// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "passed_fds.hpp"

namespace shim {

/// Exit code of a worker that stopped on request (SIGTERM) with its summary
/// written: the supervisor starts another (after re-executing itself, for an
/// upgrade).
inline constexpr int kWorkerHandover = 75;

/// What a supervisor starts with: from the wrapper (the listener, the runtime's
/// pidfd, the locked monitor.lock as fds 3, 4, 5, and where kill rules stay the
/// kernel's the audit socket as fd 6 and the proc connector's as fd 7), or from
/// its own re-exec on SIGHUP (the
/// same fds wherever they were, and the notify fds it held).
struct SupervisorStart {
  std::string program;  ///< the monitor program, run again for workers and upgrades
  std::string state_dir;
  bool resume = false;    ///< in place of a monitor that died (see seccomp-witness-monitor --resume)
  bool upgraded = false;  ///< re-executed: workers go on from the counts
  int listener = kListenerFd;
  int runtime = kRuntimeFd;
  int lock = kLockFd;
  int audit = -1;  ///< the audit socket of the kernel's kill records (kAuditFd from the wrapper), or none
  int exits = -1;  ///< the proc connector's SIGSYS exits (kExitsFd from the wrapper), or none
  std::vector<std::pair<std::uint32_t, int>> held;  ///< (slot, notify fd)
};

/// The part of a monitor that cannot be lost: holds the listener, accepts the
/// runtime's connections, keeps a duplicate of every notify fd (peeked off the
/// connection before anyone reads it), and runs a worker (this program with
/// --worker) that does everything else. When the worker dies, the next starts
/// within milliseconds with every fd; meanwhile notifications wait in the kernel,
/// so nobody sees ENOSYS. On SIGHUP it stops the worker and executes `program`
/// anew with what it holds (an upgrade in place). No JSON, no allocation in its
/// loop, nothing read from the container. Returns the exit code.
int run_supervisor(const SupervisorStart& start);

/// Parses "slot:fd,slot:fd"; false for anything else.
bool parse_held(const char* text, std::vector<std::pair<std::uint32_t, int>>& out);

}  // namespace shim
