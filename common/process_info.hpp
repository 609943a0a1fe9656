#pragma once

#include <sys/types.h>

#include <string>

namespace common {

/// Who made a syscall, as /proc tells it at notification time.
struct ProcessInfo {
  pid_t pid = 0;
  std::string comm;  ///< empty when unreadable
  std::string exe;   ///< empty when unreadable (the task may be gone)
};

/// Reads /proc/<pid>/comm and /proc/<pid>/exe. Never throws. Only trust the
/// result after checking that the notification is still valid.
[[nodiscard]] ProcessInfo read_process_info(pid_t pid);

}  // namespace common
