// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linux/process_info.hpp"
#include "profile/argument_key.hpp"
#include "profile/seccomp_profile.hpp"
#include "profile/stop_policy.hpp"

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
  std::uint64_t details_dropped = 0;    ///< distinct details that did not fit
};

/// Counts forbidden syscalls in order of first use. Memory, and summary.json
/// with it, is bounded in bytes however many calls come and whatever the callers
/// are named: one record per distinct syscall (at most kMaxRecords), a few
/// callers, details and argument keys each, all of which together take at most
/// kExtrasBudget bytes of JSON. What does not fit is counted, never left out of
/// the counts.
class SyscallTally {
 public:
  static constexpr std::size_t kMaxCallers = 8;
  static constexpr std::size_t kMaxDetails = 8;
  static constexpr std::size_t kMaxArguments = 16;
  /// Distinct syscalls: x86_64, x32 and i386 together have about 1200.
  static constexpr std::size_t kMaxRecords = 2048;
  /// The JSON all callers, details and argument keys take together.
  static constexpr std::size_t kExtrasBudget = 192 * 1024;
  /// The most a record's name takes (libseccomp's names are far shorter).
  static constexpr std::size_t kMaxNameBytes = 64;
  /// The most the message takes: kubelet keeps the last 4096 bytes of the file.
  static constexpr std::size_t kMaxMessageBytes = 3072;

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
  /// Calls of syscalls beyond kMaxRecords: in total() and violations(), in no record.
  [[nodiscard]] std::uint64_t unlisted() const { return unlisted_; }
  /// The bytes of the extras budget in use.
  [[nodiscard]] std::size_t extras_bytes() const { return extras_bytes_; }

  /// CRI-O's wording, of the violations only: "Used forbidden syscalls: chroot (2x), swapoff (2x)";
  /// empty when there was none. At most kMaxMessageBytes: the syscalls beyond
  /// are named as "and N more".
  [[nodiscard]] std::string message() const;

 private:
  /// Takes `bytes` of the extras budget; false (nothing taken) when they do not fit.
  bool take_extras(std::size_t bytes);
  void keep_caller(SyscallRecord& r, const ProcessInfo& caller);
  void keep_detail(SyscallRecord& r, const std::string& detail);
  void keep_argument_key(SyscallRecord& r, const ArgumentKey& key);

  std::vector<SyscallRecord> records_;
  std::unordered_map<std::string, std::size_t> index_;
  std::uint64_t total_ = 0;
  std::uint64_t violations_ = 0;
  std::uint64_t unlisted_ = 0;
  std::size_t extras_bytes_ = 0;
};

/// The bytes of JSON a caller, a detail or an argument key takes in summary.json
/// (an upper bound), as the extras budget counts them.
[[nodiscard]] std::size_t summary_bytes(const ProcessInfo& caller);
[[nodiscard]] std::size_t summary_bytes(const std::string& detail);
[[nodiscard]] std::size_t summary_bytes(const ArgumentKey& key);

/// RFC 3339 UTC with milliseconds, for events and summaries.
[[nodiscard]] std::string format_time(std::chrono::system_clock::time_point when);

/// Reads back what format_time wrote; nullopt for anything else.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_time(std::string_view text);

}  // namespace common
