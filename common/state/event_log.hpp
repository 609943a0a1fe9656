// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "unique_fd.hpp"

namespace common {

/// events.jsonl: one JSON object per line, appended. Bounded, because a container
/// may spin on a forbidden syscall forever, under names as long as it likes: at
/// most `per_syscall` lines for each syscall, `total` lines in all, and
/// `max_bytes` bytes; a line longer than `max_line` bytes is left out. What is
/// left out is counted (the summary has every count). Lines already in the file
/// (an earlier monitor of the same container) count too.
class EventLog {
 public:
  struct Bounds {
    std::uint64_t per_syscall = 100;
    std::uint64_t total = 10000;
    std::uint64_t max_bytes = 8 << 20;
    std::size_t max_line = 1024;
  };

  EventLog(const std::string& path, const Bounds& bounds);

  /// Appends `json_line` (no newline) for `syscall` unless a limit is reached.
  void append(const std::string& syscall, std::string_view json_line);

  /// As append, with the line made only when it will be written: under a flood
  /// almost every line is left out, and making one costs more than counting it.
  template <typename MakeLine>
  void append_lazily(const std::string& syscall, MakeLine&& make_line) {
    if (accepts(syscall))
      write_line(syscall, make_line());
    else
      ++suppressed_;
  }

  [[nodiscard]] std::uint64_t written() const { return written_; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  [[nodiscard]] std::uint64_t suppressed() const { return suppressed_; }

 private:
  /// True while no bound is reached for `syscall`, and a line of the most bytes still fits.
  [[nodiscard]] bool accepts(const std::string& syscall) const;
  /// Writes one line and counts it; the caller checked accepts().
  void write_line(const std::string& syscall, std::string_view json_line);
  void count_existing_lines();

  std::string path_;
  UniqueFd fd_;
  Bounds bounds_;
  std::unordered_map<std::string, std::uint64_t> per_name_;
  std::uint64_t written_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t suppressed_ = 0;
};

}  // namespace common
