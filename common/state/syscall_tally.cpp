// SPDX-License-Identifier: Apache-2.0
#include "state/syscall_tally.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "display_text.hpp"

namespace common {

void SyscallTally::record(const std::string& syscall, const Verdict& verdict, CallClass klass,
                          const ProcessInfo& caller, std::chrono::system_clock::time_point when,
                          const std::string& detail, const ArgumentKey& key) {
  ++total_;
  if (klass == CallClass::kViolation) ++violations_;
  auto it = index_.find(syscall);
  if (it == index_.end()) {
    if (records_.size() >= kMaxRecords) {
      ++unlisted_;
      return;
    }
    records_.push_back(
        SyscallRecord{display_text(syscall, kMaxNameBytes), 0, 0, verdict, klass, when, when, {}, 0, {}, {}, 0});
    it = index_.emplace(syscall, records_.size() - 1).first;
  }
  SyscallRecord& r = records_[it->second];
  ++r.count;
  if (klass == CallClass::kViolation) {
    ++r.violations;
    r.klass = CallClass::kViolation;
  }
  r.last_seen = when;
  keep_caller(r, caller);
  if (!detail.empty()) keep_detail(r, detail);
  if (key.count > 0) keep_argument_key(r, key);
}

bool SyscallTally::take_extras(std::size_t bytes) {
  if (extras_bytes_ + bytes > kExtrasBudget) return false;
  extras_bytes_ += bytes;
  return true;
}

void SyscallTally::keep_caller(SyscallRecord& r, const ProcessInfo& caller) {
  const auto same = [&](const ProcessInfo& p) { return p.comm == caller.comm && p.exe == caller.exe; };
  if (const auto known = std::find_if(r.callers.begin(), r.callers.end(), same); known != r.callers.end()) {
    known->pid = caller.pid;
    return;
  }
  if (r.callers.size() < kMaxCallers && take_extras(summary_bytes(caller)))
    r.callers.push_back(caller);
  else
    ++r.callers_dropped;
}

void SyscallTally::keep_detail(SyscallRecord& r, const std::string& detail) {
  if (std::find(r.details.begin(), r.details.end(), detail) != r.details.end()) return;
  if (r.details.size() < kMaxDetails && take_extras(summary_bytes(detail)))
    r.details.push_back(detail);
  else
    ++r.details_dropped;
}

void SyscallTally::keep_argument_key(SyscallRecord& r, const ArgumentKey& key) {
  if (std::find(r.arguments.begin(), r.arguments.end(), key) != r.arguments.end()) return;
  if (r.arguments.size() < kMaxArguments && take_extras(summary_bytes(key)))
    r.arguments.push_back(key);
  else
    ++r.arguments_dropped;
}

std::size_t summary_bytes(const ProcessInfo& caller) {
  // {"pid":-2147483648,"comm":"","exe":""}, and a comma.
  return json_bytes(caller.comm) + json_bytes(caller.exe) + 40;
}

std::size_t summary_bytes(const std::string& detail) {
  return json_bytes(detail) + 3;
}

std::size_t summary_bytes(const ArgumentKey& key) {
  // {"index":5,"value":<20 digits>,"valueTwo":<20 digits>,"op":"SCMP_CMP_MASKED_EQ"}, a comma each; [], a comma.
  return 100 * key.count + 3;
}

void SyscallTally::resume(std::vector<SyscallRecord> records) {
  // What a summary says goes through the same bounds as what is seen.
  records_.clear();
  index_.clear();
  total_ = 0;
  violations_ = 0;
  unlisted_ = 0;
  extras_bytes_ = 0;
  for (SyscallRecord& from : records) {
    total_ += from.count;
    violations_ += from.violations;
    if (records_.size() >= kMaxRecords || index_.contains(from.name)) {
      unlisted_ += from.count;
      continue;
    }
    SyscallRecord r = from;
    r.name = display_text(from.name, kMaxNameBytes);
    r.callers.clear();
    r.details.clear();
    r.arguments.clear();
    for (ProcessInfo& caller : from.callers) {
      caller.comm = display_text(caller.comm, kMaxCallerBytes);
      caller.exe = display_text(caller.exe, kMaxCallerBytes);
      keep_caller(r, caller);
    }
    for (const std::string& detail : from.details) keep_detail(r, display_text(detail, kMaxCallerBytes));
    for (const ArgumentKey& key : from.arguments) keep_argument_key(r, key);
    index_.emplace(from.name, records_.size());
    records_.push_back(std::move(r));
  }
}

void SyscallTally::adopt(const std::string& syscall, std::uint64_t count, std::uint64_t violations,
                         const Verdict& verdict, CallClass klass) {
  auto it = index_.find(syscall);
  if (it == index_.end() && records_.size() >= kMaxRecords) {
    // Beyond the records kept: only the totals can say it.
    total_ += count;
    violations_ += violations;
    unlisted_ += count;
    return;
  }
  if (it == index_.end()) {
    SyscallRecord record;
    record.name = display_text(syscall, kMaxNameBytes);
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
  constexpr std::string_view kLead = "Used forbidden syscalls: ";
  // Room for ", and 2048 more" at the end.
  constexpr std::size_t kTail = 24;
  std::string list;
  std::size_t more = 0;
  for (const SyscallRecord& r : records_) {
    if (r.violations == 0) continue;
    const std::string item = (list.empty() ? "" : ", ") + r.name + " (" + std::to_string(r.violations) + "x)";
    if (more > 0 || kLead.size() + list.size() + item.size() + kTail > kMaxMessageBytes)
      ++more;
    else
      list += item;
  }
  if (list.empty() && more == 0) return list;
  return std::string(kLead) + list + (more > 0 ? ", and " + std::to_string(more) + " more" : "");
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
