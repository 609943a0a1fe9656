// SPDX-License-Identifier: Apache-2.0
#include "state/past_records.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <system_error>

#include "state/container_summary.hpp"
#include "temp_dir.hpp"

namespace common {
namespace {

namespace fs = std::filesystem;

void make_state_dir(const std::string& dir, const std::string& id, const std::string& state) {
  fs::create_directories(dir);
  std::ofstream(dir + "/summary.json") << R"({"containerId":")" << id << R"(","action":"log","state":")" << state
                                       << R"(","total":0,"syscalls":[]})";
}

TEST(PastRecords, RetiredDirsAreListedAfterTheLiveOne) {
  test::TempDir root;
  make_state_dir(root / "c1", "c1", "exited");
  retire_state_dir(root.path(), "c1", root / "c1");
  EXPECT_FALSE(fs::exists(root / "c1"));
  make_state_dir(root / "c1", "c1", "stopped");
  retire_state_dir(root.path(), "c1", root / "c1");
  make_state_dir(root / "c1", "c1", "watching");

  std::vector<std::string> problems;
  const auto all = load_container_summaries(root.path(), problems);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_FALSE(all[0].past);
  EXPECT_EQ(all[0].state_dir, root / "c1");
  EXPECT_TRUE(all[1].past);
  EXPECT_EQ(all[1].state, common::ContainerState::kExited);  // oldest first
  EXPECT_TRUE(all[2].past);
  EXPECT_EQ(all[2].state, common::ContainerState::kStopped);
}

TEST(PastRecords, KeepsWhatTheRetentionAllows) {
  test::TempDir root;
  const Retention three{3, std::chrono::seconds(3600)};
  for (int i = 0; i < 5; ++i) {
    make_state_dir(root / "c", "c", "exited");
    retire_state_dir(root.path(), "c", root / "c", three);
  }
  const auto count = [&] {
    std::size_t kept = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(past_root(root.path()))) ++kept;
    return kept;
  };
  EXPECT_EQ(count(), 3u);
  // A record older than the retention's age goes at the next prune.
  fs::create_directories(past_root(root.path()) + "/old@00000000000000000001");
  prune_past_records(root.path(), three);
  EXPECT_FALSE(fs::exists(past_root(root.path()) + "/old@00000000000000000001"));
  prune_past_records(root.path(), Retention{10, std::chrono::seconds(0)});
  EXPECT_EQ(count(), 0u) << "a retention of 0 s keeps nothing";
}

TEST(PastRecords, MissingDirIsAnError) {
  test::TempDir root;
  EXPECT_THROW(retire_state_dir(root.path(), "gone", root / "gone"), std::system_error);
}

}  // namespace
}  // namespace common
