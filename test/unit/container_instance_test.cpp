// SPDX-License-Identifier: Apache-2.0
#include "state/container_instance.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "json_doc.hpp"
#include "temp_dir.hpp"

namespace common {
namespace {

TEST(ContainerInstance, RoundTrips) {
  test::TempDir dir;
  EXPECT_FALSE(read_container_instance(dir.path()));
  const ContainerInstance written{"/run/r\"oot", 1234, 18446744073709551615ULL};
  write_container_instance(dir.path(), written);
  const auto read = read_container_instance(dir.path());
  ASSERT_TRUE(read);
  EXPECT_EQ(read->runtime_root, written.runtime_root);
  EXPECT_EQ(read->pid, 1234);
  EXPECT_EQ(read->start_time, written.start_time);
}

TEST(ContainerInstance, BrokenRecordIsNoRecord) {
  test::TempDir dir;
  std::ofstream(dir / "instance.json") << R"({"runtimeRoot":1,"pid":2,"startTime":3})";
  EXPECT_FALSE(read_container_instance(dir.path()));
  EXPECT_THROW((void)parse_container_instance("{}", "x"), JsonError);
}

TEST(ContainerInstance, RootsCompareNormalized) {
  EXPECT_EQ(normalized_root(""), "");
  EXPECT_EQ(normalized_root("/run/runc/"), "/run/runc");
  EXPECT_EQ(normalized_root("/run//runc/./"), "/run/runc");
  EXPECT_EQ(normalized_root("/"), "/");
}

TEST(ContainerInstance, StartTimeIsTheStatField) {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  for (int i = 3; i <= 22; ++i) fields >> field;  // fields 3 to 22
  const auto start = process_start_time(::getpid());
  ASSERT_TRUE(start);
  EXPECT_EQ(std::to_string(*start), field);
}

TEST(ContainerInstance, RunningOnlyWhileTheSameProcessLives) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::pause();
    _exit(0);
  }
  const auto start = process_start_time(child);
  ASSERT_TRUE(start);
  EXPECT_TRUE(instance_running({"", child, *start}));
  EXPECT_FALSE(instance_running({"", child, *start + 1})) << "another process with that pid";
  EXPECT_FALSE(instance_running({"", 0, 0})) << "the runtime never connected";
  ::kill(child, SIGKILL);
  // Not reaped yet: a zombie has ended all the same.
  while (process_start_time(child) && instance_running({"", child, *start})) ::usleep(1000);
  EXPECT_TRUE(process_start_time(child)) << "still a zombie";
  EXPECT_FALSE(instance_running({"", child, *start}));
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(instance_running({"", child, *start}));
}

}  // namespace
}  // namespace common
