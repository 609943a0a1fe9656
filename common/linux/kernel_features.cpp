// SPDX-License-Identifier: Apache-2.0
#include "linux/kernel_features.hpp"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "linux/pidfd.hpp"
#include "linux/seccomp_notify.hpp"

namespace common {
namespace {

constexpr int kNoListener = 1;
constexpr int kNoSyncWakeUp = 2;
constexpr int kAll = 3;

/// Runs in the forked child only: async-signal-safe calls, then _exit.
[[noreturn]] void probe_in_child() {
  sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  sock_fprog program{1, &allow};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(kNoListener);
  const long listener = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  if (listener < 0) _exit(kNoListener);
  _exit(set_sync_wake_up(static_cast<int>(listener)) == 0 ? kAll : kNoSyncWakeUp);
}

/// Whether a child may lower its oom_score_adj, as the monitor's supervisor does.
bool lowers_oom_score() {
  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) _exit(lower_oom_score() == 0 ? 0 : 1);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int lower_oom_score() {
  const int fd = ::open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  const std::size_t length = std::strlen(kMonitorOomScoreAdj);
  const int err = ::write(fd, kMonitorOomScoreAdj, length) == static_cast<ssize_t>(length) ? 0 : errno;
  ::close(fd);
  return err;
}

KernelFeatures probe_kernel_features() {
  const pid_t child = ::fork();
  if (child < 0) return {};
  if (child == 0) probe_in_child();
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  KernelFeatures features;
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    features.user_notification = code == kNoSyncWakeUp || code == kAll;
    features.sync_wake_up = code == kAll;
  }
  try {
    features.thread_pidfd = open_thread_pidfd(::getpid()).thread;
  } catch (const std::system_error&) {
  }
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  features.openat2 = UniqueFd(static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof how))).valid();
  features.low_oom_score = lowers_oom_score();
  return features;
}

}  // namespace common
