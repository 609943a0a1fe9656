// SPDX-License-Identifier: Apache-2.0
#include "restart.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "file_io.hpp"
#include "linux/pidfd.hpp"
#include "linux/proc_status.hpp"
#include "state/monitor_proof.hpp"
#include "state/state_files.hpp"

namespace ctl {
namespace {

constexpr auto kWait = std::chrono::seconds(10);

/// True when `pid` takes SIGHUP as a request (a supervisor blocks it for its
/// signalfd); a monitor from before in-place upgrades would die of it.
bool takes_sighup(pid_t pid) {
  const auto status = common::read_proc_status(pid);
  return status && common::status_holds_signal(*status, "SigBlk", SIGHUP).value_or(false);
}

/// Restarts the monitor of one state dir; false when it could not be. The signal
/// goes only to the record's own supervisor, proven so (common/state/monitor_proof.hpp).
bool restart(const std::filesystem::path& dir, const std::string& monitor_program) {
  const std::string id = dir.filename().string();
  const auto record = common::read_monitor_pid_file(dir.string());
  if (!record) return true;  // not running: nothing to restart
  const pid_t supervisor = record->pid;
  const pid_t worker = common::read_pid_file(dir / common::kWorkerPidFile);
  std::string why;
  const auto pidfd = common::prove_supervisor(dir.string(), monitor_program, why);
  if (!pidfd) {
    std::cout << id << ": left alone, not proven to be its monitor: " << why << "\n";
    return true;  // nothing of ours runs there
  }
  if (!takes_sighup(supervisor)) {
    std::cout << id << ": monitor " << supervisor
              << " predates in-place upgrades; left alone (it ends with its container)\n";
    return false;
  }
  if (!common::signal_pidfd(pidfd->get(), SIGHUP, true)) {
    std::cout << id << ": SIGHUP to monitor " << supervisor << " failed\n";
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t now = common::read_pid_file(dir / common::kWorkerPidFile);
    if (now > 0 && now != worker && ::kill(now, 0) == 0) {
      std::cout << id << ": monitor " << supervisor << " runs the new program (worker " << worker << " -> " << now
                << ")\n";
      return true;
    }
    if (::syscall(SYS_pidfd_send_signal, pidfd->get(), 0, nullptr, 0) != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::cout << id << ": monitor " << supervisor << " did not start a new worker; see "
            << (dir / common::kMonitorLogFile).string() << "\n";
  return false;
}

}  // namespace

void add_restart_command(CLI::App& app, const std::shared_ptr<StateOptions>& options) {
  CLI::App* cmd = app.add_subcommand(
      "restart-monitors", "Have every running monitor run the monitor program installed now, containers untouched");
  cmd->callback([options] {
    bool all = true;
    std::error_code ec;
    const std::string program = options->monitor_program();
    for (const auto& entry : std::filesystem::directory_iterator(options->root(), ec)) {
      if (!entry.is_directory() || entry.path().filename().string().starts_with("@")) continue;
      all = restart(entry.path(), program) && all;
    }
    if (!all) throw CLI::RuntimeError(1);
  });
}

}  // namespace ctl
