#include "monitor_start.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include "detached_process.hpp"
#include "file_io.hpp"
#include "monitor_rules.hpp"
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

  common::write_file_atomically(paths.state_dir + "/monitor.json", monitor_json, 0600);
  common::write_container_instance(paths.state_dir, instance);
  const common::MonitorLock lock = common::MonitorLock::take(paths.state_dir);
  spawn_monitor(program, paths, lock, {});
  guard.dismiss();
}

void restart_monitor(const std::string& program, const common::ContainerPaths& paths, common::MonitorLock lock) {
  spawn_monitor(program, paths, lock, {"--resume"});
}

}  // namespace shim
