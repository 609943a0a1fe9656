// SPDX-License-Identifier: Apache-2.0
#include "file_io.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"

namespace common {
namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(FileIo, ReadsRegularFilesWithinTheLimit) {
  test::TempDir dir;
  write(dir / "a", "hello");
  EXPECT_EQ(read_regular_file(dir / "a", 5), "hello");
  try {
    (void)read_regular_file(dir / "a", 4);
    FAIL();
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EFBIG);
    EXPECT_NE(std::string(e.what()).find(dir / "a"), std::string::npos);
  }
}

TEST(FileIo, RefusesSymlinksDirectoriesAndMissingFiles) {
  test::TempDir dir;
  write(dir / "real", "x");
  std::filesystem::create_symlink(dir / "real", dir / "link");
  EXPECT_THROW((void)read_regular_file(dir / "link", 10), std::system_error);
  EXPECT_THROW((void)read_regular_file(dir.path(), 10), std::system_error);
  try {
    (void)read_regular_file(dir / "missing", 10);
    FAIL();
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()), "open '" + (dir / "missing") + "': No such file or directory");
  }
}

TEST(FileIo, ReplaceKeepsModeAndLeavesNoTemporary) {
  test::TempDir dir;
  const std::string path = dir / "config.json";
  write(path, "old");
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);

  replace_file_atomically(path, "new content");
  EXPECT_EQ(read_regular_file(path, 100), "new content");
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_mode & 07777, 0640u);
  EXPECT_NE(after.st_ino, before.st_ino) << "a rename, not an in-place write";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(FileIo, ReplaceRefusesASymlinkAndLeavesItAlone) {
  test::TempDir dir;
  write(dir / "real", "x");
  std::filesystem::create_symlink(dir / "real", dir / "config.json");
  EXPECT_THROW(replace_file_atomically(dir / "config.json", "y"), std::system_error);
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "config.json"));
  EXPECT_EQ(read_regular_file(dir / "real", 10), "x");
}

TEST(FileIo, FailedReplaceRemovesTheTemporary) {
  test::TempDir dir;
  const std::string sub = dir / "sub";
  std::filesystem::create_directory(sub);
  write(sub + "/f", "old");
  // A directory where the rename must land makes rename fail after the write.
  EXPECT_THROW(write_file_atomically(sub, "x", 0600), std::system_error);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(FileIo, WriteCreatesWithTheGivenMode) {
  test::TempDir dir;
  write_file_atomically(dir / "new", "abc", 0600, ::getuid(), ::getgid());
  struct stat st {};
  ASSERT_EQ(::stat((dir / "new").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(read_regular_file(dir / "new", 10), "abc");
}

}  // namespace
}  // namespace common
