// SPDX-License-Identifier: Apache-2.0
#include "state/paths.hpp"

#include <gtest/gtest.h>

namespace common {
namespace {

TEST(Paths, ContainerIdRules) {
  for (const char* ok : {"abc", "a.b-c_d+e", "0123456789abcdef", "..."}) EXPECT_TRUE(valid_container_id(ok)) << ok;
  for (const char* bad : {"", ".", "..", "a/b", "a b", "../x", "a\n"}) EXPECT_FALSE(valid_container_id(bad)) << bad;
}

TEST(Paths, SocketInsideTheStateDir) {
  const auto paths = container_paths("/run/seccomp-witness", std::string(64, 'f'));
  ASSERT_TRUE(paths);
  EXPECT_EQ(paths->state_dir, "/run/seccomp-witness/" + std::string(64, 'f'));
  EXPECT_EQ(paths->socket, paths->state_dir + "/notify.sock");
}

TEST(Paths, LongIdsGetAShortSocketPath) {
  const std::string id(200, 'a');
  const auto paths = container_paths("/run/seccomp-witness", id);
  ASSERT_TRUE(paths);
  EXPECT_LE(paths->socket.size(), max_socket_path());
  EXPECT_EQ(paths->socket.rfind("/run/seccomp-witness/s/", 0), 0u);
  EXPECT_NE(container_paths("/run/seccomp-witness", std::string(200, 'b'))->socket, paths->socket);
  EXPECT_EQ(container_paths("/run/seccomp-witness", id)->socket, paths->socket);
}

TEST(Paths, InvalidIdHasNoPaths) {
  EXPECT_FALSE(container_paths("/run/x", "../etc"));
}

}  // namespace
}  // namespace common
