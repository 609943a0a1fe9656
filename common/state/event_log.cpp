// SPDX-License-Identifier: Apache-2.0
#include "state/event_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "sys_error.hpp"

namespace common {

EventLog::EventLog(const std::string& path, const Bounds& bounds)
    : path_(path),
      fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600)),
      bounds_(bounds) {
  if (!fd_) throw_errno("open", path);
  count_existing_lines();
  struct stat st {};
  if (::fstat(fd_.get(), &st) == 0) bytes_ = static_cast<std::uint64_t>(st.st_size);
}

void EventLog::count_existing_lines() {
  // A monitor started again for the same container appends to the same file:
  // its lines count against the same bounds.
  UniqueFd in(::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!in) return;
  constexpr std::string_view kKey = "\"syscall\":\"";
  std::string pending;
  char buf[65536];
  ssize_t n = 0;
  while ((n = ::read(in.get(), buf, sizeof buf)) > 0) {
    pending.append(buf, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string_view line(pending.data() + start, end - start);
      ++written_;
      if (const auto at = line.find(kKey); at != std::string_view::npos) {
        const auto name = line.substr(at + kKey.size());
        ++per_name_[std::string(name.substr(0, name.find('"')))];
      }
    }
    pending.erase(0, start);
  }
}

bool EventLog::accepts(const std::string& syscall) const {
  const auto it = per_name_.find(syscall);
  return written_ < bounds_.total && bytes_ + bounds_.max_line + 1 <= bounds_.max_bytes &&
         (it == per_name_.end() || it->second < bounds_.per_syscall);
}

void EventLog::append(const std::string& syscall, std::string_view json_line) {
  if (accepts(syscall))
    write_line(syscall, json_line);
  else
    ++suppressed_;
}

void EventLog::write_line(const std::string& syscall, std::string_view json_line) {
  if (json_line.size() > bounds_.max_line) {
    ++suppressed_;
    return;
  }
  ++per_name_[syscall];
  ++written_;
  bytes_ += json_line.size() + 1;
  std::string line(json_line);
  line += '\n';
  // One write per line: with O_APPEND a reader never sees half of one.
  ssize_t n = 0;
  do n = ::write(fd_.get(), line.data(), line.size());
  while (n < 0 && errno == EINTR);
  if (n < 0) throw_errno("write", path_);
}

}  // namespace common
