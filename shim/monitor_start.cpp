#include "monitor_start.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>

#include "detached_process.hpp"
#include "file_io.hpp"
#include "sys_error.hpp"
#include "unix_socket.hpp"

namespace shim {
namespace {

void make_dir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) common::throw_errno("mkdir", path);
  if (::chmod(path.c_str(), mode) != 0) common::throw_errno("chmod", path);
}

std::vector<std::string> monitor_args(const MonitorRequest& r) {
  std::vector<std::string> args{"--id",        r.container_id,
                                "--state-dir", r.paths.state_dir,
                                "--action",    std::string(common::to_string(r.action)),
                                "--runtime",   r.runtime,
                                "--"};
  args.insert(args.end(), r.runtime_global_args.begin(), r.runtime_global_args.end());
  return args;
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

}  // namespace

void start_monitor(const MonitorRequest& request) {
  const std::string root = std::filesystem::path(request.paths.state_dir).parent_path();
  make_dir(root, 0711);
  make_dir(request.paths.state_dir, 0700);
  StateDirGuard guard(request.paths.state_dir);
  const std::string socket_dir = std::filesystem::path(request.paths.socket).parent_path();
  if (socket_dir != request.paths.state_dir) make_dir(socket_dir, 0700);

  common::write_file_atomically(request.paths.state_dir + "/seccomp.json", request.original_seccomp, 0600);
  common::UniqueFd listener = common::listen_unix(request.paths.socket);
  common::spawn_detached(request.program, monitor_args(request), listener.get());
  guard.dismiss();
}

}  // namespace shim
