#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace common {

/// Who made a syscall, as /proc tells it at notification time.
struct ProcessInfo {
  pid_t pid = 0;
  std::string comm;  ///< empty when unreadable
  std::string exe;   ///< empty when unreadable (the task may be gone)
};

/// Reads the comm and exe of callers from /proc, keeping `/proc/<pid>` and its
/// `comm` open for the last few pids: a path lookup in /proc costs several times
/// the read itself, and a flood of notifications comes from few pids. Each read
/// is still made afresh (a caller may rename itself or exec). A kept descriptor
/// belongs to the task it was opened for, so once that task is gone it fails
/// (ESRCH) and a pid used again is opened anew. Never throws; only trust a result
/// after checking that the notification is still valid.
class ProcessInfoReader {
 public:
  explicit ProcessInfoReader(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {
    entries_.reserve(capacity_);
  }

  [[nodiscard]] ProcessInfo read(pid_t pid);

  static constexpr std::size_t kDefaultCapacity = 16;

 private:
  struct Entry {
    pid_t pid = 0;
    UniqueFd dir;   ///< /proc/<pid>, O_PATH
    UniqueFd comm;  ///< /proc/<pid>/comm
    std::uint64_t last_used = 0;
  };

  /// Fills `info` from `entry`; false when its task is gone.
  static bool read_entry(const Entry& entry, ProcessInfo& info);
  /// Opens /proc/<pid> afresh, in place of `stale` (the entry kept for a task now
  /// gone), else of the least recently used entry when full.
  Entry* open_entry(pid_t pid, Entry* stale);

  std::size_t capacity_;
  std::vector<Entry> entries_;
  std::uint64_t clock_ = 0;
};

}  // namespace common
