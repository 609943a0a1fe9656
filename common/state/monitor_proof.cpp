// SPDX-License-Identifier: Apache-2.0
#include "state/monitor_proof.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <string_view>

#include "file_io.hpp"
#include "linux/pidfd.hpp"
#include "linux/proc_status.hpp"
#include "state/container_instance.hpp"
#include "state/state_files.hpp"

namespace common {
namespace {

/// When process `pid` started, by the wall clock, to within a second; nullopt when it is gone.
std::optional<std::int64_t> started_at_seconds(pid_t pid) {
  const auto ticks = process_start_time(pid);
  const auto stat = read_proc_file("/proc/stat", 1 << 16);
  if (!ticks || !stat) return std::nullopt;
  const auto at = stat->find("\nbtime ");
  if (at == std::string::npos) return std::nullopt;
  const auto boot = parse_number(std::string_view(*stat).substr(at + 7, stat->find('\n', at + 7) - (at + 7)));
  const long per_second = ::sysconf(_SC_CLK_TCK);
  if (!boot || per_second <= 0) return std::nullopt;
  return static_cast<std::int64_t>(*boot) + static_cast<std::int64_t>(*ticks / static_cast<std::uint64_t>(per_second));
}

/// The program `pid` runs, as /proc/<pid>/exe names it ("(deleted)" taken off:
/// an upgrade renames a new program over the one that runs).
std::string program_of(pid_t pid) {
  char buf[4096];
  const std::string link = "/proc/" + std::to_string(pid) + "/exe";
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string_view exe(buf, static_cast<std::size_t>(n));
  if (exe.ends_with(" (deleted)")) exe.remove_suffix(10);
  return std::string(exe);
}

}  // namespace

void write_monitor_pid_file(const std::string& state_dir) {
  const pid_t self = ::getpid();
  const auto start = process_start_time(self);
  write_file_atomically(state_dir + "/" + kMonitorPidFile,
                        std::to_string(self) + (start ? " " + std::to_string(*start) : std::string()) + "\n", 0644);
}

std::optional<MonitorPidRecord> read_monitor_pid_file(const std::string& state_dir) {
  std::string text;
  try {
    text = read_regular_file(state_dir + "/" + kMonitorPidFile, 64);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  MonitorPidRecord record;
  const char* end = text.data() + text.size();
  auto [at, ec] = std::from_chars(text.data(), end, record.pid);
  if (ec != std::errc() || record.pid <= 0) return std::nullopt;
  if (at < end && *at == ' ') {
    std::uint64_t start = 0;
    if (std::from_chars(at + 1, end, start).ec == std::errc()) record.start_time = start;
  }
  return record;
}

bool holds_flock(pid_t pid, const std::string& path) {
  struct stat target {};
  if (::stat(path.c_str(), &target) != 0) return false;
  const std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = ::opendir(fd_dir.c_str());
  if (dir == nullptr) return false;
  bool holds = false;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    struct stat st {};
    if (::stat((fd_dir + "/" + entry->d_name).c_str(), &st) != 0 || st.st_dev != target.st_dev ||
        st.st_ino != target.st_ino)
      continue;
    // "lock:\t1: FLOCK  ADVISORY  WRITE ..." for a lock taken through this fd.
    const auto info = read_proc_file("/proc/" + std::to_string(pid) + "/fdinfo/" + entry->d_name, 4096);
    if (info && info->find("lock:") != std::string::npos && info->find("FLOCK") != std::string::npos) {
      holds = true;
      break;
    }
  }
  ::closedir(dir);
  return holds;
}

std::optional<UniqueFd> prove_supervisor(const std::string& state_dir, const std::string& monitor_program,
                                         std::string& why) {
  const auto record = read_monitor_pid_file(state_dir);
  if (!record) {
    why = "no monitor.pid: the monitor has ended";
    return std::nullopt;
  }
  const pid_t pid = record->pid;
  UniqueFd pidfd;
  try {
    pidfd = open_pidfd(pid);
  } catch (const std::exception&) {
    why = "process " + std::to_string(pid) + " is gone";
    return std::nullopt;
  }
  // From here on /proc/<pid> is read; whether it was still the process of the
  // pidfd throughout is checked at the end.
  if (record->start_time) {
    const auto start = process_start_time(pid);
    if (!start || *start != *record->start_time) {
      why = "process " + std::to_string(pid) + " started at another time than the monitor the record names";
      return std::nullopt;
    }
  } else {
    struct stat st {};
    const auto started = started_at_seconds(pid);
    if (::stat((state_dir + "/" + kMonitorPidFile).c_str(), &st) != 0 || !started ||
        *started > static_cast<std::int64_t>(st.st_mtime) + 1) {
      why = "process " + std::to_string(pid) + " started after the record was written";
      return std::nullopt;
    }
  }
  if (!holds_flock(pid, state_dir + "/" + kMonitorLockFile)) {
    why = "process " + std::to_string(pid) + " does not hold the record's lock";
    return std::nullopt;
  }
  const std::string program = program_of(pid);
  const auto base = [](std::string_view path) { return path.substr(path.rfind('/') + 1); };
  if (program != monitor_program && base(program) != base(monitor_program)) {
    why = "process " + std::to_string(pid) + " runs '" + program + "', not the monitor";
    return std::nullopt;
  }
  if (::syscall(SYS_pidfd_send_signal, pidfd.get(), 0, nullptr, 0) != 0) {
    why = "process " + std::to_string(pid) + " ended while it was checked";
    return std::nullopt;
  }
  return pidfd;
}

}  // namespace common
