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

#include "unique_fd.hpp"

namespace common {
namespace {

/// The value after "Key:" on its line of a status file, blanks trimmed.
std::optional<std::string_view> field(std::string_view status, std::string_view key) {
  std::size_t at = 0;
  while (at < status.size()) {
    const std::size_t end = std::min(status.find('\n', at), status.size());
    std::string_view line = status.substr(at, end - at);
    at = end + 1;
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ':') continue;
    line.remove_prefix(key.size() + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> number(std::string_view text, int base) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// True when the signal set (hex, as /proc prints it) holds SIGSYS.
std::optional<bool> holds_sigsys(std::string_view status, std::string_view key) {
  const auto text = field(status, key);
  if (!text) return std::nullopt;
  const auto mask = number(*text, 16);
  if (!mask) return std::nullopt;
  return (*mask >> (SIGSYS - 1) & 1U) != 0;
}

}  // namespace

std::optional<ThreadSignalState> parse_thread_status(std::string_view status) {
  ThreadSignalState state;
  const auto tgid_text = field(status, "Tgid");
  const auto tgid = tgid_text ? number(*tgid_text, 10) : std::nullopt;
  if (!tgid || *tgid == 0) return std::nullopt;
  state.tgid = static_cast<pid_t>(*tgid);
  // NSpid lists the pid in each namespace from ours down to the thread's own.
  if (const auto nspid = field(status, "NSpid")) {
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
  const std::string path = "/proc/" + std::to_string(tid) + "/status";
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  char buf[4096];
  std::size_t size = 0;
  while (size < sizeof buf) {
    const ssize_t n = ::read(fd.get(), buf + size, sizeof buf - size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
  }
  return parse_thread_status(std::string_view(buf, size));
}

KillSignal kill_signal(const ThreadSignalState& state) {
  return state.sigsys_default && !state.namespace_init ? KillSignal::kSigsys : KillSignal::kSigkill;
}

bool send_kill(pid_t tgid, pid_t tid, KillSignal signal) {
  const long done = signal == KillSignal::kSigsys ? ::syscall(SYS_tgkill, tgid, tid, SIGSYS) : ::kill(tgid, SIGKILL);
  return done == 0;
}

}  // namespace common
