#include "pidfd.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "sys_error.hpp"

namespace common {

UniqueFd open_pidfd(pid_t pid) {
  // pidfds are close-on-exec by default.
  UniqueFd fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!fd) throw_errno("pidfd_open", "pid " + std::to_string(pid));
  return fd;
}

}  // namespace common
