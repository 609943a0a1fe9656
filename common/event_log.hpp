#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "unique_fd.hpp"

namespace common {

/// events.jsonl: one JSON object per line, appended. Bounded, because a container
/// may spin on a forbidden syscall forever: at most `per_syscall` lines for each
/// syscall and `total` lines in all; what is left out is counted (the summary
/// has every count). Lines already in the file (an earlier monitor of the same
/// container) count too.
class EventLog {
 public:
  EventLog(const std::string& path, std::uint64_t per_syscall, std::uint64_t total);

  /// Appends `json_line` (no newline) for `syscall` unless a limit is reached.
  void append(const std::string& syscall, std::string_view json_line);

  [[nodiscard]] std::uint64_t written() const { return written_; }
  [[nodiscard]] std::uint64_t suppressed() const { return suppressed_; }

 private:
  void count_existing_lines();

  std::string path_;
  UniqueFd fd_;
  std::uint64_t per_syscall_;
  std::uint64_t total_;
  std::unordered_map<std::string, std::uint64_t> per_name_;
  std::uint64_t written_ = 0;
  std::uint64_t suppressed_ = 0;
};

}  // namespace common
