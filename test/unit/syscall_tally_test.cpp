// SPDX-License-Identifier: Apache-2.0
#include "state/syscall_tally.hpp"

#include <gtest/gtest.h>

namespace common {
namespace {

const Verdict kEperm{Verdict::Kind::kErrno, 1};

TEST(SyscallTally, MessageInCrioWordingAndOrderOfFirstUse) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  for (const char* name : {"chroot", "swapoff", "chroot", "swapoff"})
    tally.record(name, kEperm, CallClass::kViolation, {1, "sh", "/bin/sh"}, now);
  EXPECT_EQ(tally.message(), "Used forbidden syscalls: chroot (2x), swapoff (2x)");
  EXPECT_EQ(tally.total(), 4u);
}

TEST(SyscallTally, AdoptsExactCountsKeepingWhatTheSummarySaid) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  tally.record("chroot", Verdict{}, CallClass::kViolation, ProcessInfo{1, "sh", "/bin/sh"}, now);
  tally.adopt("chroot", 10, 10, Verdict{}, CallClass::kViolation);  // the summary lagged behind the counts
  tally.adopt("clone3", 4, 0, Verdict{Verdict::Kind::kErrno, 38}, CallClass::kProbe);
  EXPECT_EQ(tally.total(), 14u);
  EXPECT_EQ(tally.violations(), 10u);
  ASSERT_EQ(tally.records().size(), 2u);
  EXPECT_EQ(tally.records()[0].callers.size(), 1u) << "the caller the summary named stays";
  EXPECT_EQ(tally.records()[1].klass, CallClass::kProbe);
  EXPECT_EQ(tally.message(), "Used forbidden syscalls: chroot (10x)");
}

TEST(SyscallTally, CallersAreDistinctAndBounded) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  for (int i = 0; i < 100; ++i)
    tally.record("chroot", kEperm, CallClass::kViolation, {i, "c" + std::to_string(i % 20), "/x"}, now);
  const SyscallRecord& r = tally.records().front();
  EXPECT_EQ(r.count, 100u);
  EXPECT_EQ(r.callers.size(), SyscallTally::kMaxCallers);
  EXPECT_EQ(r.callers_dropped, 100u - 8u * 5u);  // c0..c7 seen 5 times each are kept, the rest dropped
  EXPECT_EQ(r.callers.front().pid, 80);          // the last pid of a known caller is kept
}

TEST(SyscallTally, ArgumentKeysAreDistinctAndBounded) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  for (std::uint64_t persona = 0; persona < SyscallTally::kMaxArguments + 5; ++persona)
    for (int twice = 0; twice < 2; ++twice)
      tally.record("personality", Verdict{}, CallClass::kViolation, ProcessInfo{1, "sh", "/bin/sh"}, now, "",
                   argument_key("personality", 0xc000003e, {persona, 0, 0, 0, 0, 0}));
  tally.record("chroot", Verdict{}, CallClass::kViolation, ProcessInfo{1, "sh", "/bin/sh"}, now);
  EXPECT_EQ(tally.records()[0].arguments.size(), SyscallTally::kMaxArguments);
  EXPECT_EQ(tally.records()[0].arguments_dropped, 10u) << "five values more, each seen twice";
  EXPECT_TRUE(tally.records()[1].arguments.empty());
}

TEST(SyscallTally, TimesAreRfc3339WithMilliseconds) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123));
  EXPECT_EQ(format_time(t), "2023-11-14T22:13:20.123Z");
}

TEST(SyscallTally, TimesReadBackToTheMillisecond) {
  const auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795000000123));
  EXPECT_EQ(parse_time(format_time(when)), when);
  for (const char* bad : {"", "2026-11-22", "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.123+01:00"})
    EXPECT_FALSE(parse_time(bad)) << bad;
}

TEST(SyscallTally, ResumesFromEarlierCounts) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  tally.resume(
      {SyscallRecord{"chroot", 2, 2, Verdict{}, CallClass::kViolation, now, now, {}, 0, {}, {}, 0},
       SyscallRecord{"clone3", 4, 0, Verdict{Verdict::Kind::kErrno, 38}, CallClass::kProbe, now, now, {}, 0, {}, {}, 0},
       SyscallRecord{"swapoff", 3, 3, Verdict{}, CallClass::kViolation, now, now, {}, 0, {}, {}, 0}});
  tally.record("chroot", Verdict{}, CallClass::kViolation, ProcessInfo{1, "sh", "/bin/sh"}, now);
  EXPECT_EQ(tally.total(), 10u);
  EXPECT_EQ(tally.violations(), 6u);
  EXPECT_EQ(tally.message(), "Used forbidden syscalls: chroot (3x), swapoff (3x)");
}

TEST(SyscallTally, ProbesAreCountedButNotInTheMessage) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  const Verdict enosys{Verdict::Kind::kErrno, 38};
  for (int i = 0; i < 4; ++i)
    tally.record("clone3", enosys, CallClass::kProbe, {1, "python3", "/usr/bin/python3"}, now);
  EXPECT_EQ(tally.total(), 4u);
  EXPECT_EQ(tally.violations(), 0u);
  EXPECT_EQ(tally.message(), "") << "nothing to stop for";
  tally.record("chroot", kEperm, CallClass::kViolation, {1, "sh", "/bin/sh"}, now);
  tally.record("sched_setattr", kEperm, CallClass::kIgnored, {1, "sh", "/bin/sh"}, now);
  EXPECT_EQ(tally.message(), "Used forbidden syscalls: chroot (1x)");
  EXPECT_EQ(tally.records()[0].klass, CallClass::kProbe);
  EXPECT_EQ(tally.records()[2].klass, CallClass::kIgnored);
  // One call of a syscall that was a violation makes it one (another errno by its arguments, say).
  tally.record("clone3", kEperm, CallClass::kViolation, {1, "sh", "/bin/sh"}, now);
  EXPECT_EQ(tally.records()[0].klass, CallClass::kViolation);
  EXPECT_EQ(tally.records()[0].violations, 1u);
  EXPECT_EQ(tally.message(), "Used forbidden syscalls: clone3 (1x), chroot (1x)");
}

}  // namespace
}  // namespace common
