#include "syscall_tally.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace common {

void SyscallTally::record(const std::string& syscall, const Verdict& verdict, CallClass klass,
                          const ProcessInfo& caller, std::chrono::system_clock::time_point when,
                          const std::string& detail, const ArgumentKey& key) {
  ++total_;
  auto [it, added] = index_.try_emplace(syscall, records_.size());
  if (added) records_.push_back(SyscallRecord{syscall, 0, 0, verdict, klass, when, when, {}, 0, {}, {}, 0});
  SyscallRecord& r = records_[it->second];
  ++r.count;
  if (klass == CallClass::kViolation) {
    ++r.violations;
    ++violations_;
    r.klass = CallClass::kViolation;
  }
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
  if (key.count == 0) return;
  if (std::find(r.arguments.begin(), r.arguments.end(), key) != r.arguments.end()) return;
  if (r.arguments.size() < kMaxArguments)
    r.arguments.push_back(key);
  else
    ++r.arguments_dropped;
}

void SyscallTally::resume(std::vector<SyscallRecord> records) {
  records_ = std::move(records);
  index_.clear();
  total_ = 0;
  violations_ = 0;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    index_[records_[i].name] = i;
    total_ += records_[i].count;
    violations_ += records_[i].violations;
  }
}

void SyscallTally::adopt(const std::string& syscall, std::uint64_t count, std::uint64_t violations,
                         const Verdict& verdict, CallClass klass) {
  auto it = index_.find(syscall);
  if (it == index_.end()) {
    SyscallRecord record;
    record.name = syscall;
    record.verdict = verdict;
    record.klass = klass;
    record.first_seen = record.last_seen = std::chrono::system_clock::now();
    records_.push_back(std::move(record));
    it = index_.emplace(syscall, records_.size() - 1).first;
  }
  SyscallRecord& r = records_[it->second];
  total_ += count - r.count;
  violations_ += violations - r.violations;
  r.count = count;
  r.violations = violations;
  if (violations > 0) r.klass = CallClass::kViolation;
}

std::string SyscallTally::message() const {
  std::string list;
  for (const SyscallRecord& r : records_) {
    if (r.violations == 0) continue;
    list += (list.empty() ? "" : ", ") + r.name + " (" + std::to_string(r.violations) + "x)";
  }
  return list.empty() ? list : "Used forbidden syscalls: " + list;
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

std::optional<std::chrono::system_clock::time_point> parse_time(std::string_view text) {
  // 2026-11-22T10:00:00.123Z
  if (text.size() != 24 || text[10] != 'T' || text[19] != '.' || text[23] != 'Z') return std::nullopt;
  std::tm tm{};
  int ms = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms) != 7)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t seconds = ::timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(seconds) + std::chrono::milliseconds(ms);
}

}  // namespace common
