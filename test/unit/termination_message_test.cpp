// SPDX-License-Identifier: Apache-2.0
#include "state/termination_message.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "file_io.hpp"
#include "temp_dir.hpp"

namespace common {
namespace {

TEST(TerminationMessage, EmptyFileHoldsExactlyTheMessage) {
  test::TempDir dir;
  std::ofstream(dir / "log").close();
  append_termination_message(dir / "log", "Used forbidden syscalls: chroot (1x)");
  EXPECT_EQ(read_regular_file(dir / "log", 4096), "Used forbidden syscalls: chroot (1x)");
}

TEST(TerminationMessage, AppendsOnALineOfItsOwn) {
  test::TempDir dir;
  std::ofstream(dir / "log") << "app said goodbye";
  append_termination_message(dir / "log", "ours");
  EXPECT_EQ(read_regular_file(dir / "log", 4096), "app said goodbye\nours");
}

TEST(TerminationMessage, NeverFollowsASymlinkNorCreatesAFile) {
  test::TempDir dir;
  std::ofstream(dir / "host-secret") << "keep";
  std::filesystem::create_symlink(dir / "host-secret", dir / "log");
  EXPECT_THROW(append_termination_message(dir / "log", "x"), std::system_error);
  EXPECT_EQ(read_regular_file(dir / "host-secret", 100), "keep");
  EXPECT_THROW(append_termination_message(dir / "missing", "x"), std::system_error);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
  std::filesystem::create_directory(dir / "d");
  EXPECT_THROW(append_termination_message(dir / "d", "x"), std::system_error);
}

TEST(TerminationMessage, NoSymlinkOnTheWayNorARelativePath) {
  test::TempDir dir;
  std::filesystem::create_directory(dir / "real");
  std::ofstream(dir / "real/log").close();
  std::filesystem::create_directory_symlink(dir / "real", dir / "link");
  try {
    append_termination_message(dir / "link/log", "x");
    ADD_FAILURE() << "went through a symlinked directory";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("a symlink on the way"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_regular_file(dir / "real/log", 100), "");
  EXPECT_THROW(append_termination_message("real/log", "x"), std::system_error);
  append_termination_message(dir / "real/log", "ours");
  EXPECT_EQ(read_regular_file(dir / "real/log", 100), "ours");
}

/// True once `pid` waits in open(2) (openat: 257 on x86_64).
bool waits_in_open(pid_t pid) {
  for (int i = 0; i < 5000; ++i) {
    std::ifstream syscall("/proc/" + std::to_string(pid) + "/syscall");
    std::string nr;
    if (syscall >> nr && (nr == "257" || nr == "2")) return true;
    ::usleep(1000);
  }
  return false;
}

// Opening a FIFO or a device to write can do things of its own: a FIFO's
// waiting reader wakes up. The file is opened only once it is known to be a
// regular one.
TEST(TerminationMessage, WhatIsNoRegularFileIsNeverOpenedToReadOrWrite) {
  test::TempDir dir;
  const std::string fifo = dir / "log";
  const std::string coming = dir / "the-test-opens-now";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // A reader that tells whether the writer that woke it was the test's own.
  const pid_t reader = ::fork();
  if (reader == 0) {
    const int fd = ::open(fifo.c_str(), O_RDONLY);
    ::_exit(fd >= 0 && ::access(coming.c_str(), F_OK) == 0 ? 0 : 1);
  }
  ASSERT_TRUE(waits_in_open(reader));
  EXPECT_THROW(append_termination_message(fifo, "x"), std::system_error);
  std::ofstream(coming).close();
  const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // ENXIO once the reader is gone
  if (writer >= 0) ::close(writer);
  int status = 0;
  ASSERT_EQ(::waitpid(reader, &status, 0), reader);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the reader was woken by another writer first";
  EXPECT_THROW(append_termination_message("/dev/null", "x"), std::system_error);
}

}  // namespace
}  // namespace common
