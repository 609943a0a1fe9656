// SPDX-License-Identifier: Apache-2.0
#include "linux/detached_process.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {
namespace {

constexpr int kFirstPassedFd = 3;
/// Where the parent parks the fds to pass, out of the way of 0..N.
constexpr int kHighFd = 64;

/// What the grandchild reports through the status pipe: its pid, then (only on
/// failure) the errno of the step that failed.
struct Report {
  pid_t pid;
  int err;
};

/// Reports errno to the parent and ends the grandchild.
[[noreturn]] void fail(int status_fd) {
  const Report failed{::getpid(), errno};
  (void)!::write(status_fd, &failed, sizeof failed);
  _exit(127);
}

/// Runs in the forked grandchild: only async-signal-safe calls, no exceptions.
/// `pass_fds` are high-numbered copies; they become 3, 4, ... in order.
[[noreturn]] void become_daemon(const char* program, char* const argv[], const int* pass_fds, std::size_t count,
                                int status_fd) {
  const Report started{::getpid(), 0};
  if (::write(status_fd, &started, sizeof started) < 0) _exit(127);
  if (::chdir("/") != 0) fail(status_fd);
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) fail(status_fd);
  for (int fd = 0; fd < kFirstPassedFd; ++fd)
    if (::dup2(null, fd) < 0) fail(status_fd);
  // dup2 clears FD_CLOEXEC on the copies; everything else is closed below or on exec.
  for (std::size_t i = 0; i < count; ++i)
    if (::dup2(pass_fds[i], kFirstPassedFd + static_cast<int>(i)) < 0) fail(status_fd);
  const unsigned first_other = kFirstPassedFd + static_cast<unsigned>(count);
  // The status pipe stays until exec closes it (CLOEXEC).
  if (static_cast<unsigned>(status_fd) > first_other)
    ::close_range(first_other, static_cast<unsigned>(status_fd) - 1, 0);
  ::close_range(static_cast<unsigned>(status_fd) + 1, ~0U, 0);
  ::execv(program, argv);
  fail(status_fd);
}

}  // namespace

pid_t spawn_detached(const std::string& program, const std::vector<std::string>& args,
                     const std::vector<int>& pass_fds) {
  // Everything that allocates happens before fork.
  std::vector<std::string> owned{program};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(owned.size() + 1);
  for (auto& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);

  // Copies above every number the daemon's fds will get, so no dup2 overwrites one.
  std::vector<UniqueFd> high;
  std::vector<int> high_numbers;
  for (const int fd : pass_fds) {
    high.emplace_back(::fcntl(fd, F_DUPFD_CLOEXEC, kHighFd));
    if (!high.back()) throw_errno("fcntl F_DUPFD_CLOEXEC", program);
    high_numbers.push_back(high.back().get());
  }

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw_errno("pipe2");
  UniqueFd read_end(pipe_fds[0]);
  UniqueFd write_end(pipe_fds[1]);
  if (write_end.get() < kFirstPassedFd + static_cast<int>(pass_fds.size())) {
    // Keep the status pipe clear of the fd numbers the daemon is given.
    UniqueFd moved(::fcntl(write_end.get(), F_DUPFD_CLOEXEC, kHighFd));
    if (!moved) throw_errno("fcntl F_DUPFD_CLOEXEC");
    write_end = std::move(moved);
  }

  const pid_t child = ::fork();
  if (child < 0) throw_errno("fork", program);
  if (child == 0) {
    if (::setsid() < 0) _exit(127);
    const pid_t grandchild = ::fork();
    if (grandchild < 0) _exit(127);
    if (grandchild > 0) _exit(0);
    become_daemon(owned.front().c_str(), argv.data(), high_numbers.data(), high_numbers.size(), write_end.get());
  }
  write_end.reset();
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw sys_error(ECHILD, "fork daemon", program);

  Report started{};
  Report failure{};
  const ssize_t got = ::read(read_end.get(), &started, sizeof started);
  if (got != static_cast<ssize_t>(sizeof started)) throw sys_error(EPIPE, "start", program);
  if (::read(read_end.get(), &failure, sizeof failure) == static_cast<ssize_t>(sizeof failure))
    throw sys_error(failure.err, "exec", program);
  return started.pid;
}

}  // namespace common
