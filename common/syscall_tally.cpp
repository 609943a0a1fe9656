#include "syscall_tally.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace common {

void SyscallTally::record(const std::string& syscall, const Verdict& verdict, const ProcessInfo& caller,
                          std::chrono::system_clock::time_point when, const std::string& detail) {
  ++total_;
  auto [it, added] = index_.try_emplace(syscall, records_.size());
  if (added) records_.push_back(SyscallRecord{syscall, 0, verdict, when, when, {}, 0, {}});
  SyscallRecord& r = records_[it->second];
  ++r.count;
  r.last_seen = when;
  const auto same = [&](const ProcessInfo& p) { return p.comm == caller.comm && p.exe == caller.exe; };
  const auto known = std::find_if(r.callers.begin(), r.callers.end(), same);
  if (known != r.callers.end())
    known->pid = caller.pid;
  else if (r.callers.size() < kMaxCallers)
    r.callers.push_back(caller);
  else
    ++r.callers_dropped;
  if (!detail.empty() && r.details.size() < kMaxDetails &&
      std::find(r.details.begin(), r.details.end(), detail) == r.details.end())
    r.details.push_back(detail);
}

std::string SyscallTally::message() const {
  std::string out = "Used forbidden syscalls: ";
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (i > 0) out += ", ";
    out += records_[i].name + " (" + std::to_string(records_[i].count) + "x)";
  }
  return out;
}

std::string format_time(std::chrono::system_clock::time_point when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03lldZ", static_cast<long long>(ms % 1000));
  return buf;
}

}  // namespace common
