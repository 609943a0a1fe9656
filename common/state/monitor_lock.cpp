// SPDX-License-Identifier: Apache-2.0
#include "state/monitor_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "state/state_files.hpp"
#include "sys_error.hpp"

namespace common {
namespace {

std::string lock_path(const std::string& state_dir) {
  return state_dir + "/" + kMonitorLockFile;
}

/// True when the exclusive lock was taken, false when someone holds it.
bool try_lock(int fd, const std::string& path) {
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return false;
    if (errno != EINTR) throw_errno("flock", path);
  }
  return true;
}

}  // namespace

MonitorLock MonitorLock::take(const std::string& state_dir) {
  const std::string path = lock_path(state_dir);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) throw_errno("open", path);
  if (!try_lock(fd.get(), path)) throw sys_error(EWOULDBLOCK, "flock", path);  // another monitor holds it
  return MonitorLock(std::move(fd));
}

std::optional<MonitorLock> MonitorLock::take_if_gone(const std::string& state_dir) {
  const std::string path = lock_path(state_dir);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw_errno("open", path);
  }
  if (!try_lock(fd.get(), path)) return std::nullopt;
  return MonitorLock(std::move(fd));
}

}  // namespace common
