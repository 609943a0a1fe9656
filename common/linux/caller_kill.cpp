// SPDX-License-Identifier: Apache-2.0
#include "linux/caller_kill.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/proc_status.hpp"

namespace common {

std::optional<ThreadSignalState> parse_thread_status(std::string_view status) {
  ThreadSignalState state;
  const auto tgid_text = status_field(status, "Tgid");
  const auto tgid = tgid_text ? parse_number(*tgid_text) : std::nullopt;
  if (!tgid || *tgid == 0) return std::nullopt;
  state.tgid = static_cast<pid_t>(*tgid);
  // NSpid lists the pid in each namespace from ours down to the thread's own.
  if (const auto nspid = status_field(status, "NSpid")) {
    const auto last = nspid->find_last_of(" \t");
    state.namespace_init = nspid->substr(last == std::string_view::npos ? 0 : last + 1) == "1";
  }
  const auto blocked = status_holds_signal(status, "SigBlk", SIGSYS);
  const auto ignored = status_holds_signal(status, "SigIgn", SIGSYS);
  const auto caught = status_holds_signal(status, "SigCgt", SIGSYS);
  if (!blocked || !ignored || !caught) return std::nullopt;
  state.sigsys_default = !*blocked && !*ignored && !*caught;
  return state;
}

std::optional<ThreadSignalState> read_thread_status(pid_t tid) {
  const auto status = read_proc_status(tid);
  return status ? parse_thread_status(*status) : std::nullopt;
}

KillSignal kill_signal(const ThreadSignalState& state) {
  return state.sigsys_default && !state.namespace_init ? KillSignal::kSigsys : KillSignal::kSigkill;
}

bool send_kill(const ThreadPidfd& target, pid_t tgid, pid_t tid, KillSignal signal) {
  if (signal == KillSignal::kSigkill) return signal_pidfd(target.fd.get(), SIGKILL, true);
  if (target.thread) return signal_pidfd(target.fd.get(), SIGSYS, false);
  if (::syscall(SYS_pidfd_send_signal, target.fd.get(), 0, nullptr, 0) != 0) return false;
  return ::syscall(SYS_tgkill, tgid, tid, SIGSYS) == 0;
}

}  // namespace common
