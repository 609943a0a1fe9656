// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace common {

/// Who made a syscall, as /proc tells it at notification time. comm and exe are
/// the container's to choose: they are kept as display text (display_text.hpp),
/// at most kMaxCallerBytes each.
struct ProcessInfo {
  pid_t pid = 0;
  std::string comm;  ///< empty when unreadable
  std::string exe;   ///< empty when unreadable (the task may be gone)
};

/// Reads the comm and exe of callers from /proc, keeping `/proc/<pid>` and its
/// `comm` open for the last few pids, so that a flood of notifications from few
/// pids costs one pread each and no path lookup.
///
/// A kept descriptor belongs to the task it was opened for (its struct pid), not
/// to the number: once that task is gone, reading it fails (ESRCH) and the pid
/// is opened anew. So a read through a kept descriptor that succeeds proves the
/// task is the one the number named all along, also for a notification received
/// before it: no validity check is needed, even after the answer. A pid opened
/// anew (`opened_afresh`) may be a reused number: trust it only once the
/// notification is found still valid.
///
/// comm is read on every call (a caller may rename itself). exe is read when the
/// pid is opened, when comm changes (an exec names the task after its program),
/// and at least once every kExeRefresh; so an exec of another program under the
/// same name shows within that time. Never throws.
class ProcessInfoReader {
 public:
  explicit ProcessInfoReader(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {
    entries_.reserve(capacity_);
  }

  /// The caller `pid`; valid until the next read. comm and exe are empty when
  /// the task is gone.
  [[nodiscard]] const ProcessInfo& read(pid_t pid, bool& opened_afresh);

  static constexpr std::size_t kDefaultCapacity = 16;
  static constexpr std::chrono::milliseconds kExeRefresh{1000};

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    UniqueFd dir;          ///< /proc/<pid>, O_PATH
    UniqueFd comm;         ///< /proc/<pid>/comm
    std::string raw_comm;  ///< as read, to see a change without encoding it again
    ProcessInfo info;
    Clock::time_point exe_read_at;
    std::uint64_t last_used = 0;
  };

  /// Reads comm (and exe when due) into `entry`; false when its task is gone.
  static bool refresh(Entry& entry, bool force_exe);
  /// Opens /proc/<pid> afresh, in place of `stale` (the entry kept for a task now
  /// gone), else of the least recently used entry when full.
  Entry* open_entry(pid_t pid, Entry* stale);

  std::size_t capacity_;
  std::vector<Entry> entries_;
  ProcessInfo gone_;
  std::uint64_t clock_ = 0;
};

}  // namespace common
