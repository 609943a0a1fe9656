#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "argument_key.hpp"
#include "process_info.hpp"
#include "seccomp_profile.hpp"
#include "stop_policy.hpp"

namespace common {

/// What was seen of one forbidden syscall.
struct SyscallRecord {
  std::string name;
  std::uint64_t count = 0;
  std::uint64_t violations = 0;  ///< the calls of `count` that were violations
  Verdict verdict;
  CallClass klass = CallClass::kViolation;  ///< violation once any call was one; else the first call's class
  std::chrono::system_clock::time_point first_seen;
  std::chrono::system_clock::time_point last_seen;
  std::vector<ProcessInfo> callers;  ///< distinct (comm, exe), at most kMaxCallers
  std::uint64_t callers_dropped = 0;
  std::vector<std::string> details;  ///< distinct decoded calls (hooks/), at most kMaxDetails
  /// Distinct argument keys (see argument_key.hpp), at most kMaxArguments; empty
  /// for a syscall whose arguments no profile narrows.
  std::vector<ArgumentKey> arguments;
  std::uint64_t arguments_dropped = 0;  ///< calls whose key did not fit
};

/// Counts forbidden syscalls in order of first use. Memory is bounded however
/// many calls come: one record per distinct syscall, a few callers each.
class SyscallTally {
 public:
  static constexpr std::size_t kMaxCallers = 8;
  static constexpr std::size_t kMaxDetails = 8;
  static constexpr std::size_t kMaxArguments = 16;

  /// `detail`: the call with its arguments decoded, e.g. "setsockopt(SOL_SOCKET, SO_PRIORITY, 7)"; may be empty.
  /// `key`: what a profile could allow of its arguments (argument_key.hpp).
  void record(const std::string& syscall, const Verdict& verdict, CallClass klass, const ProcessInfo& caller,
              std::chrono::system_clock::time_point when, const std::string& detail = {}, const ArgumentKey& key = {});

  /// Starts again from what an earlier monitor of the container counted (its
  /// summary), so that a monitor started after one died loses nothing.
  void resume(std::vector<SyscallRecord> records);

  /// Takes the exact count of `syscall` (from the shared counts, which a killed
  /// worker kept up to its last answer), keeping what the summary said of it.
  void adopt(const std::string& syscall, std::uint64_t count, std::uint64_t violations, const Verdict& verdict,
             CallClass klass);

  [[nodiscard]] const std::vector<SyscallRecord>& records() const { return records_; }
  [[nodiscard]] std::uint64_t total() const { return total_; }
  [[nodiscard]] std::uint64_t violations() const { return violations_; }
  [[nodiscard]] bool empty() const { return records_.empty(); }

  /// CRI-O's wording, of the violations only: "Used forbidden syscalls: chroot (2x), swapoff (2x)";
  /// empty when there was none.
  [[nodiscard]] std::string message() const;

 private:
  std::vector<SyscallRecord> records_;
  std::unordered_map<std::string, std::size_t> index_;
  std::uint64_t total_ = 0;
  std::uint64_t violations_ = 0;
};

/// RFC 3339 UTC with milliseconds, for events and summaries.
[[nodiscard]] std::string format_time(std::chrono::system_clock::time_point when);

/// Reads back what format_time wrote; nullopt for anything else.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_time(std::string_view text);

}  // namespace common
