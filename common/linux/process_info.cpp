// SPDX-License-Identifier: Apache-2.0
#include "linux/process_info.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>

#include "display_text.hpp"

namespace common {

const ProcessInfo& ProcessInfoReader::read(pid_t pid, bool& opened_afresh) {
  opened_afresh = false;
  const auto kept = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.info.pid == pid; });
  Entry* entry = kept != entries_.end() ? &*kept : nullptr;
  if (entry == nullptr || !refresh(*entry, false)) {
    // Not kept, or kept for a task that is gone: this pid may be another's now.
    opened_afresh = true;
    entry = open_entry(pid, entry);
    if (entry == nullptr || !refresh(*entry, true)) {
      gone_ = ProcessInfo{pid, "", ""};
      return gone_;
    }
  }
  entry->last_used = ++clock_;
  return entry->info;
}

bool ProcessInfoReader::refresh(Entry& entry, bool force_exe) {
  char comm[64];
  const ssize_t n = ::pread(entry.comm.get(), comm, sizeof comm, 0);
  if (n < 0) return false;
  std::string_view name(comm, static_cast<std::size_t>(n));
  while (name.ends_with('\n')) name.remove_suffix(1);
  const auto now = Clock::now();
  if (name != entry.raw_comm) {
    entry.raw_comm.assign(name);
    entry.info.comm = display_text(name, kMaxCallerBytes);
    force_exe = true;
  }
  if (!force_exe && now - entry.exe_read_at < kExeRefresh) return true;
  char exe[4096];
  const ssize_t m = ::readlinkat(entry.dir.get(), "exe", exe, sizeof exe);
  entry.info.exe = display_text(std::string_view(exe, m > 0 ? static_cast<std::size_t>(m) : 0), kMaxCallerBytes);
  entry.exe_read_at = now;
  return true;
}

ProcessInfoReader::Entry* ProcessInfoReader::open_entry(pid_t pid, Entry* stale) {
  UniqueFd dir(::open(("/proc/" + std::to_string(pid)).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return nullptr;
  UniqueFd comm(::openat(dir.get(), "comm", O_RDONLY | O_CLOEXEC));
  if (!comm) return nullptr;
  Entry* slot = stale;
  if (slot == nullptr && entries_.size() < capacity_) slot = &entries_.emplace_back();
  if (slot == nullptr)
    slot = &*std::min_element(entries_.begin(), entries_.end(),
                              [](const Entry& a, const Entry& b) { return a.last_used < b.last_used; });
  slot->dir = std::move(dir);
  slot->comm = std::move(comm);
  slot->raw_comm.clear();
  slot->info = ProcessInfo{pid, "", ""};
  slot->last_used = 0;
  return slot;
}

}  // namespace common
