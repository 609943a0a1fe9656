#include "termination_message.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace common
