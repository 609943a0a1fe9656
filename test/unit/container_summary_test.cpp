// SPDX-License-Identifier: Apache-2.0
#include "state/container_summary.hpp"

#include <gtest/gtest.h>

#include "state/monitor_spec.hpp"
#include "state/summary_json.hpp"

namespace common {
namespace {

TEST(ContainerSummary, ATallyComesBackFromItsSummary) {
  // What a monitor started again after one died reads to go on counting.
  MonitorSpec spec;
  spec.container_id = "c1";
  SyscallTally tally;
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795000000123));
  const auto t1 = t0 + std::chrono::seconds(5);
  tally.record("chroot", Verdict{Verdict::Kind::kErrno, 13}, CallClass::kViolation,
               ProcessInfo{7, "sh", "/bin/busybox"}, t0, "chroot(\"/tmp\")");
  tally.record("chroot", Verdict{Verdict::Kind::kErrno, 13}, CallClass::kViolation,
               ProcessInfo{8, "chroot", "/bin/busybox"}, t1);
  tally.record("swapoff", Verdict{Verdict::Kind::kKillProcess, 0}, CallClass::kViolation,
               ProcessInfo{9, "swapoff", "/bin/busybox"}, t1);
  tally.record("clone3", Verdict{Verdict::Kind::kErrno, 38}, CallClass::kProbe, ProcessInfo{9, "sh", "/bin/busybox"},
               t1);
  for (const std::uint64_t option : {7, 8, 7})
    tally.record("setsockopt", Verdict{Verdict::Kind::kErrno, 1}, CallClass::kViolation,
                 ProcessInfo{9, "sh", "/bin/busybox"}, t1, "",
                 argument_key("setsockopt", 0xc000003e, {3, 1, option, 0, 0, 0}));

  const auto summary =
      parse_container_summary(summary_json(spec, tally, ContainerState::kWatching, "", 0), "summary.json");
  EXPECT_EQ(summary.total, 7u);
  EXPECT_EQ(summary.violations, 6u);
  EXPECT_EQ(summary.message, "Used forbidden syscalls: chroot (2x), swapoff (1x), setsockopt (3x)");
  const auto records = tally_records(summary);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[3].arguments.size(), 2u) << "two distinct options";
  for (std::size_t i = 0; i < records.size(); ++i) {
    const SyscallRecord& want = tally.records()[i];
    const SyscallRecord& got = records[i];
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.count, want.count);
    EXPECT_EQ(got.violations, want.violations);
    EXPECT_EQ(got.klass, want.klass) << got.name;
    EXPECT_EQ(got.verdict, want.verdict) << got.name;
    EXPECT_EQ(got.first_seen, want.first_seen) << got.name;
    EXPECT_EQ(got.last_seen, want.last_seen) << got.name;
    EXPECT_EQ(got.details, want.details) << got.name;
    EXPECT_EQ(got.arguments, want.arguments) << got.name;
    ASSERT_EQ(got.callers.size(), want.callers.size()) << got.name;
    for (std::size_t c = 0; c < got.callers.size(); ++c) {
      EXPECT_EQ(got.callers[c].comm, want.callers[c].comm);
      EXPECT_EQ(got.callers[c].exe, want.callers[c].exe);
    }
  }
}

TEST(ContainerSummary, SummariesFromBeforeProbesCountEveryCallAsAViolation) {
  const auto s = parse_container_summary(
      R"({"containerId":"c1","state":"exited","total":3,"syscalls":[{"name":"chroot","count":3,"verdict":"errno"}]})",
      "old");
  EXPECT_EQ(s.violations, 3u);
  EXPECT_EQ(s.syscalls[0].violations, 3u);
  EXPECT_EQ(s.syscalls[0].klass, "violation");
}

}  // namespace
}  // namespace common
