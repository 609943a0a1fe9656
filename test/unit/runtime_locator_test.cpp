// SPDX-License-Identifier: Apache-2.0
#include "runtime/runtime_locator.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"

namespace common {
namespace {

std::string make_exe(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "#!/bin/sh\n";
  ::chmod(path.c_str(), 0755);
  return path;
}

TEST(RuntimeLocator, PrecedenceIsConfigThenEnvThenPath) {
  test::TempDir dir;
  const auto self = make_exe(dir / "self/seccomp-witness");
  const auto configured = make_exe(dir / "a/runc-configured");
  const auto env = make_exe(dir / "b/runc-env");
  const auto on_path = make_exe(dir / "c/runc");
  const std::string path = dir / "c";
  EXPECT_EQ(locate_runtime({configured, env, path, self}), configured);
  EXPECT_EQ(locate_runtime({"", env, path, self}), env);
  EXPECT_EQ(locate_runtime({"", "", path, self}), on_path);
}

TEST(RuntimeLocator, PathSearchSkipsOurselvesAndNonExecutables) {
  test::TempDir dir;
  const auto self = make_exe(dir / "self/seccomp-witness");
  std::filesystem::create_directories(dir / "d1");
  std::filesystem::create_symlink(self, dir / "d1/runc");  // runc -> seccomp-witness
  std::filesystem::create_directories(dir / "d2");
  std::ofstream(dir / "d2/runc") << "not executable";
  const auto real = make_exe(dir / "d3/runc");
  EXPECT_EQ(locate_runtime({"", "", (dir / "d1") + ":" + (dir / "d2") + ":" + (dir / "d3"), self}), real);
}

TEST(RuntimeLocator, OurselvesOrNothingIsAnError) {
  test::TempDir dir;
  const auto self = make_exe(dir / "self/seccomp-witness");
  std::filesystem::create_symlink(self, dir / "runc-link");
  EXPECT_THROW((void)locate_runtime({dir / "runc-link", "", "", self}), RuntimeNotFound);
  EXPECT_THROW((void)locate_runtime({"", self, "", self}), RuntimeNotFound);
  EXPECT_THROW((void)locate_runtime({dir / "missing", "", "", self}), RuntimeNotFound);
  try {
    (void)locate_runtime({"", "", dir / "empty", self});
    FAIL();
  } catch (const RuntimeNotFound& e) {
    EXPECT_NE(std::string(e.what()).find("SECCOMP_WITNESS_RUNTIME"), std::string::npos);
  }
}

}  // namespace
}  // namespace common
