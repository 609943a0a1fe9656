// SPDX-License-Identifier: Apache-2.0
#include "caller_credentials.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

namespace hooks {
namespace {

TEST(CallerCredentials, IdsInsideAUserNamespace) {
  // /proc/<pid>/uid_map as a process of the host reads it: inside, outside, count.
  const std::string map = "         0     200000      65536\n     65536       1000          1\n";
  EXPECT_EQ(id_inside(map, 200000), 0u);
  EXPECT_EQ(id_inside(map, 200033), 33u);
  EXPECT_EQ(id_inside(map, 265535), 65535u);
  EXPECT_EQ(id_inside(map, 1000), 65536u);
  EXPECT_EQ(id_inside(map, 265536), std::nullopt) << "past the end of the range";
  EXPECT_EQ(id_inside(map, 0), std::nullopt) << "host root maps to nothing";
  EXPECT_EQ(id_inside("0 0 4294967295\n", 1234), 1234u) << "the host's own map";
  EXPECT_EQ(id_inside("garbage\n", 5), std::nullopt);
}

TEST(CallerCredentials, IdsOfAStatusLine) {
  EXPECT_EQ(parse_ids("1000\t1001\t1002\t1003"), (std::array<std::uint32_t, 3>{1000, 1001, 1002}));
  EXPECT_EQ(parse_ids("0 0"), std::nullopt);
  EXPECT_EQ(parse_ids("x 0 0 0"), std::nullopt);
}

TEST(CallerCredentials, ConfinementByLsmLabels) {
  EXPECT_FALSE(confined_unlike("", "")) << "no LSM labels tasks";
  EXPECT_FALSE(confined_unlike("unconfined", "")) << "AppArmor's unconfined is no confinement";
  EXPECT_FALSE(confined_unlike("unconfined", "unconfined"));
  EXPECT_TRUE(confined_unlike("containers-default-0.50.1 (enforce)", "unconfined"));
  EXPECT_TRUE(confined_unlike("system_u:system_r:container_t:s0:c1,c2", "system_u:system_r:container_runtime_t:s0"));
  EXPECT_FALSE(confined_unlike("system_u:system_r:spc_t:s0", "system_u:system_r:spc_t:s0"));
}

TEST(CallerCredentials, OfThisProcess) {
  const CallerCredentials creds = read_caller_credentials(::gettid());
  EXPECT_FALSE(creds.own_user_namespace);
  EXPECT_FALSE(creds.own_network_namespace);
  EXPECT_EQ(creds.uids[1], ::geteuid());
  EXPECT_EQ(creds.gids[1], ::getegid());
  EXPECT_EQ(creds.lsm_label, own_lsm_label());
  EXPECT_THROW((void)read_caller_credentials(0x3fffffff), std::runtime_error);
}

}  // namespace
}  // namespace hooks
