// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace common {

/// What the kernel offers that the monitor uses, probed rather than guessed
/// from a version number (distributions backport).
struct KernelFeatures {
  bool user_notification = false;  ///< SECCOMP_FILTER_FLAG_NEW_LISTENER (Linux 5.0)
  bool sync_wake_up = false;       ///< SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6)
  bool thread_pidfd = false;       ///< PIDFD_THREAD, pidfds of single threads (Linux 6.9)
  bool openat2 = false;            ///< openat2 with RESOLVE_NO_SYMLINKS (Linux 5.6)
  bool low_oom_score = false;      ///< a process may set oom_score_adj -999 (the monitor does)
};

/// The oom_score_adj of a monitor: below every workload (kubelet gives
/// Guaranteed pods -997), so that the OOM killer takes it last.
inline constexpr const char* kMonitorOomScoreAdj = "-999";

/// Sets this process's oom_score_adj to kMonitorOomScoreAdj: 0, or the errno
/// (refused without CAP_SYS_RESOURCE, and in sandboxes that refuse any negative
/// value). Async-signal-safe.
int lower_oom_score();

/// Probes seccomp in a child process, which installs an allow-all filter with a
/// listener and sets the flag on it; this process is left as it was.
[[nodiscard]] KernelFeatures probe_kernel_features();

}  // namespace common
