// SPDX-License-Identifier: Apache-2.0
// summary.json and events.jsonl are bounded in bytes by construction, whatever
// the container names its programs and however many syscalls it tries.
#include "state/summary_json.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "display_text.hpp"
#include "json_doc.hpp"
#include "state/syscall_tally.hpp"

namespace common {
namespace {

/// A spec whose every name a pod's author made as long as it may be.
MonitorSpec long_names() {
  MonitorSpec spec;
  spec.container_id = std::string(64, 'c');
  spec.pod = display_text(std::string(5000, '\x01'), kMaxNameBytes);
  spec.pod_namespace = display_text(std::string(5000, '"'), kMaxNameBytes);
  spec.container_name = display_text(std::string(5000, 'n'), kMaxNameBytes);
  spec.coverage = "full";
  return spec;
}

/// A caller whose comm and exe are as long as the reader keeps them, of the
/// characters that take most once written (quotes count twice in JSON).
ProcessInfo worst_caller(int n) {
  return {n, display_text(std::to_string(n) + std::string(300, '"'), kMaxCallerBytes),
          display_text(std::to_string(n) + std::string(5000, '\x01'), kMaxCallerBytes)};
}

TEST(SummaryJson, AtMostOneMebibyteHoweverMuchIsSeen) {
  SyscallTally tally;
  const auto now = std::chrono::system_clock::now();
  ArgumentKey key;
  key.count = static_cast<std::uint32_t>(key.conditions.size());
  for (std::uint32_t i = 0; i < key.count; ++i)
    key.conditions[i] = {i, ~std::uint64_t{0}, ~std::uint64_t{0}, CompareOp::kMaskedEq};
  // More distinct syscalls than any kernel has, each with more callers, details
  // and argument keys than are kept.
  for (std::size_t s = 0; s < SyscallTally::kMaxRecords + 100; ++s) {
    const std::string name = std::string(SyscallTally::kMaxNameBytes - 8, 'x') + std::to_string(s);
    for (int c = 0; c < 12; ++c) {
      key.conditions[0].value = static_cast<std::uint64_t>(c);
      tally.record(name, Verdict{Verdict::Kind::kKillProcess, 0}, CallClass::kViolation, worst_caller(c), now,
                   display_text(std::string(400, '\\') + std::to_string(c), kMaxCallerBytes), key);
    }
  }
  EXPECT_EQ(tally.records().size(), SyscallTally::kMaxRecords);
  EXPECT_EQ(tally.unlisted(), 100u * 12);
  EXPECT_EQ(tally.total(), (SyscallTally::kMaxRecords + 100) * 12);
  EXPECT_LE(tally.extras_bytes(), SyscallTally::kExtrasBudget);
  EXPECT_LE(tally.message().size(), SyscallTally::kMaxMessageBytes);
  EXPECT_TRUE(tally.message().ends_with(" more")) << tally.message().substr(tally.message().size() - 40);

  const std::string json =
      summary_json(long_names(), tally, ContainerState::kStopped, format_time(now), ~std::uint64_t{0});
  EXPECT_LE(json.size(), kMaxSummaryBytes);
  // What it says is all there, and it is JSON.
  const auto doc = parse_json(json, "summary");
  EXPECT_EQ(doc["total"].GetUint64(), tally.total());
  EXPECT_EQ(doc["unlistedCalls"].GetUint64(), 1200u);
  EXPECT_EQ(doc["syscalls"].Size(), SyscallTally::kMaxRecords);
}

TEST(SummaryJson, ARecordReadBackGoesThroughTheSameBounds) {
  SyscallTally tally;
  SyscallRecord big;
  big.name = "chroot";
  big.count = 3;
  big.violations = 3;
  for (int c = 0; c < 8; ++c) big.callers.push_back({c, std::string(3000, '\x01'), std::string(3000, 'e')});
  tally.resume({big});
  ASSERT_EQ(tally.records().size(), 1u);
  for (const ProcessInfo& caller : tally.records()[0].callers) {
    EXPECT_LE(caller.comm.size(), kMaxCallerBytes);
    EXPECT_TRUE(is_display_safe(caller.comm));
  }
  EXPECT_EQ(tally.total(), 3u);
}

TEST(EventJson, AtMostOneKibibyte) {
  const MonitorSpec spec = long_names();
  const std::string line =
      event_json(spec, "chroot", Verdict{}, CallClass::kViolation, worst_caller(7), std::chrono::system_clock::now(),
                 display_text(std::string(500, 'd'), kMaxCallerBytes));
  EXPECT_LE(line.size(), kMaxEventBytes);
  const auto doc = parse_json(line, "event");
  EXPECT_STREQ(doc["syscall"].GetString(), "chroot");
  EXPECT_EQ(doc["caller"]["pid"].GetInt(), 7);
  // A short one is left as it is.
  const std::string plain = event_json(MonitorSpec{}, "chroot", Verdict{}, CallClass::kViolation,
                                       {1, "sh", "/bin/busybox"}, std::chrono::system_clock::now());
  EXPECT_STREQ(parse_json(plain, "event")["caller"]["exe"].GetString(), "/bin/busybox");
}

}  // namespace
}  // namespace common
