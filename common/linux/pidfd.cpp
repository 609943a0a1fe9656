// SPDX-License-Identifier: Apache-2.0
#include "linux/pidfd.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "linux/proc_status.hpp"
#include "sys_error.hpp"

namespace common {
namespace {

// Not in Debian 12's kernel headers (6.1).
constexpr unsigned kPidfdThread = O_EXCL;              // PIDFD_THREAD
constexpr unsigned kPidfdSignalThread = 1U << 0;       // PIDFD_SIGNAL_THREAD
constexpr unsigned kPidfdSignalThreadGroup = 1U << 1;  // PIDFD_SIGNAL_THREAD_GROUP

/// The Tgid line of /proc/<tid>/status; 0 when unreadable.
pid_t thread_group_of(pid_t tid) {
  const auto status = read_proc_status(tid);
  const auto tgid = status ? status_field(*status, "Tgid") : std::nullopt;
  const auto value = tgid ? parse_number(*tgid) : std::nullopt;
  return value ? static_cast<pid_t>(*value) : 0;
}

}  // namespace

UniqueFd open_pidfd(pid_t pid) {
  // pidfds are close-on-exec by default.
  UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!fd) throw_errno("pidfd_open", "pid " + std::to_string(pid));
  return fd;
}

ThreadPidfd open_thread_pidfd(pid_t tid) {
  UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, tid, kPidfdThread)));
  if (fd) return {std::move(fd), true};
  if (errno != EINVAL) throw_errno("pidfd_open", "thread " + std::to_string(tid));
  const pid_t tgid = thread_group_of(tid);
  if (tgid <= 0) throw sys_error(ESRCH, "pidfd_open", "thread " + std::to_string(tid) + ": no thread group");
  return {open_pidfd(tgid), false};
}

bool signal_pidfd(int pidfd, int signal, bool whole_process) {
  const unsigned flags = whole_process ? kPidfdSignalThreadGroup : kPidfdSignalThread;
  if (::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, flags) == 0) return true;
  // Kernels before 6.9 know no flags and signal a process pidfd's whole group.
  if (errno == EINVAL && whole_process) return ::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) == 0;
  return false;
}

}  // namespace common
