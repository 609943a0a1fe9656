// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "linux/audit_kills.hpp"
#include "unique_fd.hpp"

namespace shim {

/// The kernel's own kills of this container's processes, where kill rules stay
/// the kernel's (common/linux/audit_kills.hpp), each matched to this container by its
/// process: one that /proc still shows in the container's pid namespace (or,
/// for a container in the host's, in its cgroup); one the runtime named (the
/// init, an exec's process, the runtime's process whose children those are);
/// else, for a process that was reaped before its record came, by what the proc
/// connector said at its exit: the process as found then, or its parent
/// (common::open_sigsys_exit_socket). A kill whose process cannot be placed yet
/// (its exit, or the exec's connection, not read) waits, until the monitor ends
/// at the latest.
///
/// Read on a thread of its own, at real-time priority where the monitor may set
/// it: a record is matched while the process it names is most likely still
/// there. What cannot be matched in the end is said in monitor.log (README,
/// "Kill rules").
class KillRecords {
 public:
  /// Called on the reader's thread for each kill of this container.
  using OnKill = std::function<void(const common::SeccompKill&)>;

  /// `exits` may be empty (a node without the proc connector): reaped children
  /// then go uncounted.
  KillRecords(common::UniqueFd audit, common::UniqueFd exits, OnKill on_kill);
  /// Stops the reader's thread.
  ~KillRecords();
  KillRecords(const KillRecords&) = delete;
  KillRecords& operator=(const KillRecords&) = delete;

  void start();
  /// The container's init: its pid namespace (or cgroup) is the container's.
  void set_init(pid_t init, bool own_pid_namespace);
  /// A process the runtime named: the init, an exec's process, the runtime's own.
  void know(pid_t pid);
  /// Stops the reader, then reads every record of a kill made before now (the
  /// container is gone, and the monitor about to end): waits for a marker record
  /// of its own, which the kernel sends after them (common::make_audit_marker), at
  /// most 5 s.
  void flush();

 private:
  enum class Read { kNone, kOther, kMarker };
  enum class Whose { kOurs, kOthers, kUnknown };
  void run();
  void stop();
  void read_exits();
  /// Under mutex_: adds a pid the runtime named.
  void remember(pid_t pid);
  /// Reads one message of the audit socket if one is there; kMarker for the record of `marker`.
  Read read_one(pid_t marker);
  /// Where a process was seen, read as soon as its record or exit came: its pid
  /// namespace and cgroup, empty once it is gone.
  struct Sighting {
    pid_t pid = 0;
    std::optional<std::string> ns;
    std::optional<std::string> cgroup;
  };
  [[nodiscard]] static Sighting sight(pid_t pid);
  void take(const common::SeccompKill& kill);
  /// Counts the kills that waited and can now be matched; drops those found others'.
  void settle_pending();
  /// `parent`: the sighting is of a parent of a killed process (one on the host
  /// may be the runtime's, not known yet).
  [[nodiscard]] Whose whose(const Sighting& seen, bool parent = false, int depth = 0) const;

  static constexpr std::size_t kMaxKnown = 4096;
  static constexpr std::size_t kMaxExits = 1024;
  static constexpr std::size_t kMaxPending = 64;

  common::UniqueFd audit_;
  common::UniqueFd exits_socket_;
  common::UniqueFd stop_;  ///< eventfd: readable once the reader is to end
  OnKill on_kill_;
  std::thread reader_;
  /// Everything below, which the reader and the event loop (know, set_init) share.
  mutable std::mutex mutex_;
  std::deque<pid_t> known_;
  /// The last processes and threads ended by SIGSYS, and their parents, as seen
  /// when their exit was read (a thread's exit names no parent; its process may
  /// be reaped by the time its kill record comes).
  struct Exit {
    Sighting process;
    Sighting parent;
  };
  std::deque<Exit> exits_;
  struct Pending {
    common::SeccompKill kill;
    Sighting process;
  };
  std::deque<Pending> pending_;                    ///< kills whose process could not be placed yet
  std::optional<std::string> pid_namespace_;       ///< "pid:[inode]", as /proc/<pid>/ns/pid reads
  std::optional<std::string> cgroup_;              ///< /proc/<pid>/cgroup of the init
  std::optional<std::string> host_pid_namespace_;  ///< the monitor's own: where runtimes run
};

/// The pid namespace of `pid` ("pid:[4026531836]"); nullopt when it is gone.
[[nodiscard]] std::optional<std::string> pid_namespace_of(pid_t pid);

}  // namespace shim
