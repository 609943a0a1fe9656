// seccomp-witness-monitor: started detached by the wrapper for one opted-in
// container, with the listener socket as fd 3, a pidfd of the runtime as fd 4,
// and the locked monitor.lock as fd 5 (held for life: the wrapper tells by it
// whether the monitor still runs).
//   seccomp-witness-monitor --state-dir DIR [--resume]
// --resume: in place of a monitor that died; goes on from its summary.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstring>
#include <exception>
#include <string>

#include "file_io.hpp"
#include "monitor.hpp"
#include "monitor_spec.hpp"
#include "runtime_log.hpp"

namespace {

constexpr int kListenerFd = 3;
constexpr int kRuntimePidFd = 4;
constexpr int kLockFd = 5;

/// Takes an fd we were started with, marking it close-on-exec so that the
/// runtime we call for `kill` does not inherit it.
common::UniqueFd adopt(int fd) {
  if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) return common::UniqueFd();
  return common::UniqueFd(fd);
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
  std::string state_dir;
  bool resume = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--state-dir") == 0 && i + 1 < argc) state_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--resume") == 0) resume = true;
  }
  if (state_dir.empty()) {
    std::fprintf(stderr, "usage: seccomp-witness-monitor --state-dir DIR (started by seccomp-witness)\n");
    return 2;
  }
  common::setup_runtime_log({state_dir + "/monitor.log", common::LogFormat::kText, false}, "seccomp-witness-monitor");
  common::UniqueFd listener = adopt(kListenerFd);
  common::UniqueFd runtime = adopt(kRuntimePidFd);
  const common::UniqueFd lock = adopt(kLockFd);  // held, never used
  try {
    const std::string spec_path = state_dir + "/monitor.json";
    common::MonitorSpec spec = common::parse_monitor_spec(common::read_regular_file(spec_path, 16 << 20), spec_path);
    if (!listener) throw std::runtime_error("no listener socket on fd 3");
    boost::asio::io_context io;
    shim::Monitor monitor(io, std::move(spec), state_dir, std::move(listener), std::move(runtime), resume);
    monitor.start();
    io.run();
    monitor.finish();
  } catch (const std::exception& e) {
    spdlog::critical("{}: {}", state_dir, e.what());
    spdlog::shutdown();
    return 1;
  }
  spdlog::shutdown();
  return 0;
}
