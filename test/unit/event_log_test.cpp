#include "event_log.hpp"

#include <gtest/gtest.h>

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
  EventLog log(dir / "events.jsonl", 3, 5);
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
  EventLog log(dir / "events.jsonl", 10, 10);
  log.append("a", "{}");
  EXPECT_EQ(lines_in(dir / "events.jsonl"), 2);
}

}  // namespace
}  // namespace common
