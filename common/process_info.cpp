#include "process_info.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "unique_fd.hpp"

namespace common {

ProcessInfo read_process_info(pid_t pid) {
  ProcessInfo info;
  info.pid = pid;
  const std::string dir = "/proc/" + std::to_string(pid);
  UniqueFd comm(::open((dir + "/comm").c_str(), O_RDONLY | O_CLOEXEC));
  if (comm) {
    char buf[64];
    const ssize_t n = ::read(comm.get(), buf, sizeof buf);
    if (n > 0) info.comm.assign(buf, static_cast<std::size_t>(n));
    while (!info.comm.empty() && info.comm.back() == '\n') info.comm.pop_back();
  }
  char exe[4096];
  const ssize_t n = ::readlink((dir + "/exe").c_str(), exe, sizeof exe);
  if (n > 0) info.exe.assign(exe, static_cast<std::size_t>(n));
  return info;
}

}  // namespace common
