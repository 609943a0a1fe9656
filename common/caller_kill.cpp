#include "caller_kill.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <string>

#include "proc_status.hpp"

namespace common {
namespace {

/// True when the signal set (hex, as /proc prints it) holds SIGSYS.
std::optional<bool> holds_sigsys(std::string_view status, std::string_view key) {
  const auto text = status_field(status, key);
  if (!text) return std::nullopt;
  const auto mask = parse_number(*text, 16);
  if (!mask) return std::nullopt;
  return (*mask >> (SIGSYS - 1) & 1U) != 0;
}

}  // namespace

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
  const auto blocked = holds_sigsys(status, "SigBlk");
  const auto ignored = holds_sigsys(status, "SigIgn");
  const auto caught = holds_sigsys(status, "SigCgt");
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
