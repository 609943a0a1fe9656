#include "monitor_start.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include "detached_process.hpp"
#include "file_io.hpp"
#include "pidfd.hpp"
#include "sys_error.hpp"
#include "unix_socket.hpp"

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

/// Binds the listener anew and starts the monitor with its three fds.
void spawn_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorLock& lock,
                   std::vector<std::string> args) {
  common::UniqueFd listener = common::listen_unix(paths.socket);
  common::UniqueFd runtime = common::open_pidfd(::getpid());
  args.insert(args.begin(), {"--state-dir", paths.state_dir});
  common::spawn_detached(program, args, {listener.get(), runtime.get(), lock.fd()});
}

}  // namespace

void start_monitor(const std::string& program, const common::ContainerPaths& paths, const common::MonitorSpec& spec) {
  const std::string root = std::filesystem::path(paths.state_dir).parent_path();
  make_dir(root, 0711);
  make_dir(paths.state_dir, 0700);
  StateDirGuard guard(paths.state_dir);
  const std::string socket_dir = std::filesystem::path(paths.socket).parent_path();
  if (socket_dir != paths.state_dir) make_dir(socket_dir, 0700);

  common::write_file_atomically(paths.state_dir + "/monitor.json", common::to_json(spec), 0600);
  const common::MonitorLock lock = common::MonitorLock::take(paths.state_dir);
  spawn_monitor(program, paths, lock, {});
  guard.dismiss();
}

std::optional<common::MonitorLock> orphaned_monitor(const std::string& state_root, const std::string& container_id) {
  const auto paths = common::container_paths(state_root, container_id);
  if (!paths) return std::nullopt;
  return common::MonitorLock::take_if_gone(paths->state_dir);
}

void restart_monitor(const std::string& program, const common::ContainerPaths& paths, common::MonitorLock lock) {
  spawn_monitor(program, paths, lock, {"--resume"});
}

}  // namespace shim
