// SPDX-License-Identifier: Apache-2.0
#include "monitor_start.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include "file_io.hpp"
#include "linux/audit_kills.hpp"
#include "linux/detached_process.hpp"
#include "linux/pidfd.hpp"
#include "linux/unix_socket.hpp"
#include "monitor_rules.hpp"
#include "passed_fds.hpp"
#include "state/state_files.hpp"
#include "sys_error.hpp"

namespace shim {
namespace {

void make_dir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) common::throw_errno("mkdir", path);
  if (::chmod(path.c_str(), mode) != 0) common::throw_errno("chmod", path);
}

/// Removes the state dir unless dismissed.
class StateDirGuard {
 public:
  explicit StateDirGuard(std::string dir) : dir_(std::move(dir)) {}
  ~StateDirGuard() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  StateDirGuard(const StateDirGuard&) = delete;
  StateDirGuard& operator=(const StateDirGuard&) = delete;
  void dismiss() { dir_.clear(); }

 private:
  std::string dir_;
};

/// Binds the listener anew and starts the monitor with its fds: the listener, the
/// runtime's pidfd, the lock, and where kill rules stay the kernel's the audit
/// socket of its kill records, opened now, before the container's first process
/// could be killed.
void spawn_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorLock& lock,
                   std::vector<std::string> args, bool kills_by_audit) {
  common::UniqueFd listener = common::listen_unix(paths.socket);
  common::UniqueFd runtime = common::open_pidfd(::getpid());
  common::UniqueFd audit = kills_by_audit ? common::open_seccomp_audit_socket() : common::UniqueFd();
  common::UniqueFd exits;
  if (audit) {
    try {
      exits = common::open_sigsys_exit_socket();
    } catch (const std::exception& e) {
      spdlog::warn("{}: {}; a killed child that its parent reaps at once may go uncounted", paths.state_dir, e.what());
    }
  }
  args.insert(args.begin(), {"--state-dir", paths.state_dir});
  // In the order of shim::PassedFd, from fd 3.
  static_assert(kListenerFd == 3 && kRuntimeFd == 4 && kLockFd == 5 && kAuditFd == 6 && kExitsFd == 7);
  std::vector<int> fds{listener.get(), runtime.get(), lock.fd()};
  if (audit) fds.push_back(audit.get());
  if (exits) fds.push_back(exits.get());
  common::spawn_detached(program, args, fds);
}

}  // namespace

void start_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorSpec& spec,
                   const common::ContainerInstance& instance) {
  const std::string monitor_json = common::to_json(spec);
  check_monitor_can_read(monitor_json, "monitor.json for container " + spec.container_id);
  const std::string root = std::filesystem::path(paths.state_dir).parent_path();
  make_dir(root, 0711);
  // Ours alone: a dir that exists belongs to another container instance.
  if (::mkdir(paths.state_dir.c_str(), 0700) != 0) common::throw_errno("mkdir", paths.state_dir);
  StateDirGuard guard(paths.state_dir);
  if (::chmod(paths.state_dir.c_str(), 0700) != 0) common::throw_errno("chmod", paths.state_dir);
  const std::string socket_dir = std::filesystem::path(paths.socket).parent_path();
  if (socket_dir != paths.state_dir) make_dir(socket_dir, 0700);

  common::write_file_atomically(paths.state_dir + "/" + common::kMonitorSpecFile, monitor_json, 0600);
  common::write_container_instance(paths.state_dir, instance);
  const common::MonitorLock lock = common::MonitorLock::take(paths.state_dir);
  spawn_monitor(program, paths, lock, {}, spec.kills_by_audit);
  guard.dismiss();
}

void restart_monitor(const std::string& program, const common::ContainerPaths& paths, common::MonitorLock lock) {
  const common::MonitorSpec spec = common::load_monitor_spec(paths.state_dir);
  spawn_monitor(program, paths, lock, {"--resume"}, spec.kills_by_audit);
}

}  // namespace shim
