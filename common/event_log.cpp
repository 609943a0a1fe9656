#include "event_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "sys_error.hpp"

namespace common {

EventLog::EventLog(const std::string& path, std::uint64_t per_syscall, std::uint64_t total)
    : path_(path),
      fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600)),
      per_syscall_(per_syscall),
      total_(total) {
  if (!fd_) throw_errno("open", path);
}

void EventLog::append(const std::string& syscall, std::string_view json_line) {
  std::uint64_t& seen = per_name_[syscall];
  if (written_ >= total_ || seen >= per_syscall_) {
    ++suppressed_;
    return;
  }
  ++seen;
  ++written_;
  std::string line(json_line);
  line += '\n';
  // One write per line: with O_APPEND a reader never sees half of one.
  ssize_t n = 0;
  do n = ::write(fd_.get(), line.data(), line.size());
  while (n < 0 && errno == EINTR);
  if (n < 0) throw_errno("write", path_);
}

}  // namespace common
