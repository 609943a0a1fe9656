// SPDX-License-Identifier: Apache-2.0
// Signals through a pidfd reach the process it was opened for, never another one
// that took its pid since: the pid is reused on purpose in a pid namespace of the
// test's own (ns_last_pid), as a busy node would by chance.
#include "linux/pidfd.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <future>
#include <thread>

#include "linux/caller_kill.hpp"

namespace common {
namespace {

/// Waits for `pid` and returns its wait status.
int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

/// A sleeper's way out: a signal the test sends on purpose ends it with 42.
void on_sigusr1(int) {
  ::_exit(42);
}

pid_t sleeper() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::pause();
    ::_exit(0);
  }
  return pid;
}

/// Runs in the pid namespace's init: exit code 0 when a kill through the old
/// process's pidfd missed the new process that has its pid.
[[noreturn]] void reuse_and_kill(KillSignal signal) {
  struct sigaction action {};
  action.sa_handler = on_sigusr1;
  ::sigaction(SIGUSR1, &action, nullptr);  // inherited: no window before a sleeper has it
  const pid_t first = sleeper();
  ThreadPidfd target = open_thread_pidfd(first);
  const auto state = read_thread_status(first);
  ::kill(first, SIGKILL);
  reap(first);
  std::ofstream("/proc/sys/kernel/ns_last_pid") << first - 1;  // the next fork gets `first` again
  const pid_t second = sleeper();
  if (second != first || !state) ::_exit(10);
  const bool sent = send_kill(target, state->tgid, first, signal);
  const int err = errno;
  // Whatever reached the second process is pending before our SIGUSR1 (SIGSYS,
  // a synchronous signal, is taken first; after SIGKILL no other counts): it
  // ends by our signal only if nothing else reached it, however fast this runs.
  ::kill(second, SIGUSR1);
  const int status = reap(second);
  const bool survived = WIFEXITED(status) && WEXITSTATUS(status) == 42;
  ::_exit(!sent && err == ESRCH && survived ? 0 : 11);
}

TEST(Pidfd, AKillNeverReachesTheProcessThatTookThePid) {
  if (::geteuid() != 0) GTEST_SKIP() << "a pid namespace of the test's own needs root";
  for (const KillSignal signal : {KillSignal::kSigsys, KillSignal::kSigkill}) {
    const pid_t outer = ::fork();
    if (outer == 0) {
      if (::unshare(CLONE_NEWPID) != 0) ::_exit(20);
      const pid_t init = ::fork();
      if (init == 0) reuse_and_kill(signal);
      const int status = reap(init);
      ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 21);
    }
    const int status = reap(outer);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << (signal == KillSignal::kSigsys ? "SIGSYS" : "SIGKILL")
                                      << ": 10 no reuse, 11 the new process was hit, 20 unshare";
  }
}

TEST(Pidfd, AThreadThatDoesNotLeadItsGroup) {
  std::promise<pid_t> started;
  std::promise<void> done;
  std::thread thread([&] {
    started.set_value(::gettid());
    done.get_future().wait();
  });
  const pid_t tid = started.get_future().get();
  ASSERT_NE(tid, ::getpid());
  {
    const ThreadPidfd pidfd = open_thread_pidfd(tid);
    EXPECT_TRUE(pidfd.fd);
    EXPECT_TRUE(signal_pidfd(pidfd.fd.get(), 0, !pidfd.thread)) << "the null signal, to the thread";
  }
  done.set_value();
  thread.join();
  EXPECT_THROW((void)open_thread_pidfd(tid), std::system_error) << "the thread is gone";
}

}  // namespace
}  // namespace common
