// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "unique_fd.hpp"

namespace common {

/// AUDIT_SECCOMP: the kernel's record of an action a seccomp filter took that is
/// logged (kernel.seccomp.actions_logged), every kill among them by default.
inline constexpr std::uint16_t kAuditSeccomp = 1326;

/// One kill that the kernel's seccomp made, as its audit record tells it.
struct SeccompKill {
  pid_t pid = 0;  ///< the killed task's process (tgid), in the host's pid namespace
  std::string comm;
  std::string exe;  ///< as the task saw its program, relative to its root
  std::uint32_t arch = 0;
  int syscall = 0;
  bool whole_process = false;  ///< SECCOMP_RET_KILL_PROCESS; else KILL_THREAD
};

/// Parses the text of an AUDIT_SECCOMP record ("audit(...): auid=... pid=42
/// comm=\"sh\" exe=\"/bin/sh\" sig=31 arch=c000003e syscall=161 ... code=0x80000000");
/// nullopt for one that is not a kill (SCMP_ACT_LOG and the like) or is malformed.
/// comm and exe come back as the kernel wrote them, un-hexed: raw bytes.
[[nodiscard]] std::optional<SeccompKill> parse_seccomp_kill(std::string_view record);

/// The pid of any AUDIT_SECCOMP record (a kill, SCMP_ACT_LOG, ...); nullopt for
/// a malformed one.
[[nodiscard]] std::optional<pid_t> seccomp_record_pid(std::string_view record);

/// Has a child of this process make one call that a seccomp filter of its own
/// logs (SCMP_ACT_LOG), and reaps it: the kernel queues its audit records in
/// order, so once this record has come off the audit socket, every record of a
/// call made before it has too. Returns the child's pid, the record's; 0 when it
/// could not be made. Safe in a process with threads (no allocation after fork).
[[nodiscard]] pid_t make_audit_marker();

/// A socket on the audit netlink's read-only multicast group (needs
/// CAP_AUDIT_READ in the host's user namespace, and the host's network
/// namespace), filtered in the kernel to AUDIT_SECCOMP records: every other
/// record of the node stays out of it. The records come whether or not an audit
/// daemon runs. Throws std::system_error naming the step that failed.
[[nodiscard]] UniqueFd open_seccomp_audit_socket();

/// A process that the kernel's seccomp ended (its exit code says SIGSYS), as the
/// proc connector tells it when the process exits: who its parent was.
struct SigsysExit {
  pid_t tgid = 0;
  pid_t parent_tgid = 0;
};

/// A socket on the proc connector's exit events, filtered in the kernel to
/// processes and threads that end by SIGSYS: the parent of a killed child,
/// which its parent may have reaped before its kill record came (needs
/// CAP_NET_ADMIN in the host's namespaces). Throws std::system_error.
[[nodiscard]] UniqueFd open_sigsys_exit_socket();

/// Reads one message of that socket; nullopt when none was there or it was not an exit by SIGSYS.
[[nodiscard]] std::optional<SigsysExit> read_sigsys_exit(int socket);

/// Whether kernel.seccomp.actions_logged names `action` ("kill_process", "log", ...).
[[nodiscard]] bool seccomp_action_logged(std::string_view action);

/// Why the kernel's kill records cannot reach a monitor on this node; empty
/// when they can (the socket opens, and kernel.seccomp.actions_logged has
/// kill_process and kill_thread).
[[nodiscard]] std::string audit_kills_unavailable();

}  // namespace common
