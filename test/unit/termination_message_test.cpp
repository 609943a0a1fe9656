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

}  // namespace
}  // namespace common
