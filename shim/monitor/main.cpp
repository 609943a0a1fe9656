// SPDX-License-Identifier: Apache-2.0
// seccomp-witness-monitor: started detached by the wrapper for one opted-in
// container, with the listener socket as fd 3, a pidfd of the runtime as fd 4,
// the locked monitor.lock as fd 5 (held for life: the wrapper tells by it
// whether the monitor still runs), and where kill rules stay the kernel's the
// audit socket of its kill records as fd 6 and the proc connector's as fd 7. It runs as the supervisor
// (supervisor.hpp), which runs this program again as its worker:
//   seccomp-witness-monitor --state-dir DIR [--resume]
//   seccomp-witness-monitor --state-dir DIR --upgraded --fds L,R,K[,A,E] --held SLOT:FD,... [--resume]
//   seccomp-witness-monitor --worker --state-dir DIR [--resume] [--restarted]
// --resume: in place of a monitor that died; goes on from its summary and counts.
// A worker gets the control channel as fd 3, the listener, the runtime's pidfd,
// monitor.lock, the audit and proc connector sockets (if any) as fds 4 to 8
// (the numbers are named in passed_fds.hpp).
#include <fcntl.h>
#include <linux/netlink.h>
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "file_io.hpp"
#include "monitor.hpp"
#include "passed_fds.hpp"
#include "runtime/runtime_log.hpp"
#include "state/monitor_proof.hpp"
#include "state/monitor_spec.hpp"
#include "state/state_files.hpp"
#include "supervisor.hpp"

namespace {

/// True when we were started with `fd` as a netlink socket of `protocol` (the
/// audit and proc connector sockets are passed only where kill rules stay the kernel's).
bool netlink_socket(int fd, int protocol) {
  int domain = 0;
  int proto = 0;
  socklen_t length = sizeof domain;
  if (::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &length) != 0 || domain != AF_NETLINK) return false;
  length = sizeof proto;
  return ::getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &length) == 0 && proto == protocol;
}

/// Takes an fd we were started with, marking it close-on-exec so that the
/// runtime we call for `kill` does not inherit it.
common::UniqueFd adopt(int fd) {
  if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) return common::UniqueFd();
  return common::UniqueFd(fd);
}

struct Options {
  std::string state_dir;
  bool worker = false;
  bool resume = false;
  bool restarted = false;
  bool upgraded = false;
  std::string fds;
  std::string held;
};

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--state-dir" && has_value)
      o.state_dir = argv[++i];
    else if (arg == "--fds" && has_value)
      o.fds = argv[++i];
    else if (arg == "--held" && has_value)
      o.held = argv[++i];
    else if (arg == "--worker")
      o.worker = true;
    else if (arg == "--resume")
      o.resume = true;
    else if (arg == "--restarted")
      o.restarted = true;
    else if (arg == "--upgraded")
      o.upgraded = true;
    else
      return false;
  }
  return !o.state_dir.empty();
}

/// This program's path as started: an upgrade runs whatever is there then.
std::string program_path(const char* argv0) {
  if (argv0[0] == '/') return argv0;
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string(argv0);
}

int run_worker(const Options& o) {
  // One malloc arena for all threads: each notify session's thread would get one
  // of its own, and they allocate little (measured: 23 KiB PSS more per monitor).
  ::mallopt(M_ARENA_MAX, 1);
  // Taken before anything is opened here, which could get a number the
  // supervisor left free.
  using shim::worker_fd;
  shim::MonitorFds fds{
      adopt(shim::kWorkerControlFd), adopt(worker_fd(shim::kListenerFd)), adopt(worker_fd(shim::kRuntimeFd)), {}, {}};
  // Held, never used: the monitor lives while a worker does.
  const common::UniqueFd lock = adopt(worker_fd(shim::kLockFd));
  if (netlink_socket(worker_fd(shim::kAuditFd), NETLINK_AUDIT)) fds.audit = adopt(worker_fd(shim::kAuditFd));
  if (netlink_socket(worker_fd(shim::kExitsFd), NETLINK_CONNECTOR)) fds.exits = adopt(worker_fd(shim::kExitsFd));
  common::setup_runtime_log(
      {o.state_dir + "/" + common::kMonitorLogFile, common::LogFormat::kText, false, common::kMaxMonitorLogBytes},
      "seccomp-witness-monitor");
  try {
    common::MonitorSpec spec = common::load_monitor_spec(o.state_dir);
    boost::asio::io_context io;
    shim::Monitor monitor(io, std::move(spec), o.state_dir, std::move(fds), o.resume, o.restarted);
    monitor.start();
    io.run();
    monitor.finish();
    spdlog::shutdown();
    return monitor.handed_over() ? shim::kWorkerHandover : 0;
  } catch (const std::exception& e) {
    spdlog::critical("{}: {}", o.state_dir, e.what());
    spdlog::shutdown();
    return 1;
  }
}

int run_supervisor(const Options& o, const char* argv0) {
  shim::SupervisorStart start;
  start.program = program_path(argv0);
  start.state_dir = o.state_dir;
  start.resume = o.resume;
  start.upgraded = o.upgraded;
  // From an older supervisor, three fds; the audit and proc connector sockets (-1: none) follow.
  if (o.upgraded && (std::sscanf(o.fds.c_str(), "%d,%d,%d,%d,%d", &start.listener, &start.runtime, &start.lock,
                                 &start.audit, &start.exits) < 3 ||
                     !shim::parse_held(o.held.c_str(), start.held)))
    return 2;
  if (!o.upgraded && netlink_socket(shim::kAuditFd, NETLINK_AUDIT)) start.audit = shim::kAuditFd;
  if (!o.upgraded && netlink_socket(shim::kExitsFd, NETLINK_CONNECTOR)) start.exits = shim::kExitsFd;
  for (const int fd : {start.listener, start.runtime, start.lock, start.audit, start.exits})
    if (fd >= 0) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  for (const auto& [slot, fd] : start.held) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  if (!o.upgraded) {
    // Ours before the worker's: seccomp-witnessctl and the wrapper look for the monitor here.
    try {
      common::write_monitor_pid_file(o.state_dir);
    } catch (const std::exception&) {
    }
  }
  return shim::run_supervisor(start);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "--help") == 0)) {
    std::printf(
        "seccomp-witness-monitor version %s: the per-container monitor of seccomp-witness,\n"
        "started by it with --state-dir DIR [--resume]; see seccomp-witness(8).\n",
        SECCOMP_WITNESS_VERSION);
    return 0;
  }
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr, "usage: seccomp-witness-monitor --state-dir DIR (started by seccomp-witness)\n");
    return 2;
  }
  return options.worker ? run_worker(options) : run_supervisor(options, argv[0]);
}
