// SPDX-License-Identifier: Apache-2.0
#include "state/event_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"

namespace common {
namespace {

int lines_in(const std::string& path) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST(EventLog, BoundedPerSyscallAndInAll) {
  test::TempDir dir;
  EventLog log(dir / "events.jsonl", {3, 5});
  for (int i = 0; i < 10; ++i) log.append("chroot", R"({"syscall":"chroot"})");
  log.append("swapoff", R"({"syscall":"swapoff"})");
  log.append("mount", R"({"syscall":"mount"})");
  log.append("acct", R"({"syscall":"acct"})");
  EXPECT_EQ(lines_in(dir / "events.jsonl"), 5);
  EXPECT_EQ(log.written(), 5u);
  EXPECT_EQ(log.suppressed(), 8u);
}

TEST(EventLog, AppendsToWhatIsThere) {
  test::TempDir dir;
  std::ofstream(dir / "events.jsonl") << "{}\n";
  EventLog log(dir / "events.jsonl", {10, 10});
  log.append("a", "{}");
  EXPECT_EQ(lines_in(dir / "events.jsonl"), 2);
}

TEST(EventLog, LinesLeftOutAreNeverMade) {
  test::TempDir dir;
  EventLog log(dir / "events.jsonl", {2, 10});
  int made = 0;
  for (int i = 0; i < 5; ++i)
    log.append_lazily("chroot", [&] {
      ++made;
      return std::string(R"({"syscall":"chroot"})");
    });
  EXPECT_EQ(made, 2);
  EXPECT_EQ(lines_in(dir / "events.jsonl"), 2);
  EXPECT_EQ(log.suppressed(), 3u);
}

TEST(EventLog, LinesOfAnEarlierMonitorCountAgainstTheBounds) {
  test::TempDir dir;
  {
    EventLog first(dir / "events.jsonl", {3, 5});
    for (int i = 0; i < 3; ++i) first.append("chroot", R"({"time":"t","syscall":"chroot","errno":1})");
  }
  EventLog again(dir / "events.jsonl", {3, 5});
  EXPECT_EQ(again.written(), 3u);
  again.append("chroot", R"({"syscall":"chroot"})");  // chroot has its 3 already
  again.append("swapoff", R"({"syscall":"swapoff"})");
  again.append("mount", R"({"syscall":"mount"})");
  again.append("acct", R"({"syscall":"acct"})");  // 5 in all
  EXPECT_EQ(lines_in(dir / "events.jsonl"), 5);
  EXPECT_EQ(again.suppressed(), 2u);
}

TEST(EventLog, BoundedInBytes) {
  test::TempDir dir;
  const std::string line(500, 'x');
  {
    EventLog log(dir / "events.jsonl", {1000, 1000, 4096, 600});
    for (int i = 0; i < 100; ++i) log.append("chroot", line);
    // Lines are taken while one of the most bytes still fits: 7 of 501 bytes.
    EXPECT_EQ(log.written(), 7u);
    EXPECT_EQ(log.suppressed(), 93u);
    EXPECT_LE(log.bytes(), 4096u);
    log.append("swapoff", "{}");
    EXPECT_EQ(log.suppressed(), 94u) << "full for every syscall";
  }
  EXPECT_EQ(std::filesystem::file_size(dir / "events.jsonl"), 7u * 501u);
  // An earlier monitor's bytes count too.
  EventLog again(dir / "events.jsonl", {1000, 1000, 4096, 600});
  again.append("chroot", "{}");
  EXPECT_EQ(again.suppressed(), 1u);
}

TEST(EventLog, ALineBeyondItsBoundIsLeftOut) {
  test::TempDir dir;
  EventLog log(dir / "events.jsonl", {10, 10, 1 << 20, 64});
  log.append("chroot", std::string(65, 'x'));
  log.append("chroot", std::string(64, 'x'));
  EXPECT_EQ(lines_in(dir / "events.jsonl"), 1);
  EXPECT_EQ(log.suppressed(), 1u);
}

}  // namespace
}  // namespace common
