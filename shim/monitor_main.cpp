// seccomp-witness-monitor: started detached by the wrapper for one opted-in
// container, with the listener socket as fd 3 and a pidfd of the runtime as fd 4.
//   seccomp-witness-monitor --state-dir DIR
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
        "started by it with --state-dir DIR; see seccomp-witness(8).\n",
        SECCOMP_WITNESS_VERSION);
    return 0;
  }
  std::string state_dir;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--state-dir") == 0) state_dir = argv[i + 1];
  if (state_dir.empty()) {
    std::fprintf(stderr, "usage: seccomp-witness-monitor --state-dir DIR (started by seccomp-witness)\n");
    return 2;
  }
  common::setup_runtime_log({state_dir + "/monitor.log", common::LogFormat::kText, false}, "seccomp-witness-monitor");
  common::UniqueFd listener = adopt(kListenerFd);
  common::UniqueFd runtime = adopt(kRuntimePidFd);
  try {
    const std::string spec_path = state_dir + "/monitor.json";
    common::MonitorSpec spec = common::parse_monitor_spec(common::read_regular_file(spec_path, 16 << 20), spec_path);
    if (!listener) throw std::runtime_error("no listener socket on fd 3");
    boost::asio::io_context io;
    shim::Monitor monitor(io, std::move(spec), state_dir, std::move(listener), std::move(runtime));
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
