// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_profile_import.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_support.hpp"

namespace common {
namespace {

std::set<std::string> denied_names(const rapidjson::Value& seccomp) {
  std::set<std::string> out;
  for (const auto& rule : seccomp["syscalls"].GetArray())
    if (std::string(rule["action"].GetString()) != "SCMP_ACT_ALLOW")
      for (const auto& n : rule["names"].GetArray()) out.insert(n.GetString());
  return out;
}

TEST(ProfileImport, ContainersCommonForX86_64) {
  const auto profile = test::load_json(test::env_path("CONTAINERS_COMMON_PROFILE"));
  const auto seccomp = resolve_docker_profile(profile, ProfileTarget{"SCMP_ARCH_X86_64", {"CAP_KILL"}, "6.1"});
  EXPECT_STREQ(seccomp["defaultAction"].GetString(), "SCMP_ACT_ERRNO");
  EXPECT_EQ(seccomp["defaultErrnoRet"].GetInt(), 38);
  ASSERT_TRUE(seccomp["architectures"].IsArray());
  EXPECT_STREQ(seccomp["architectures"][0].GetString(), "SCMP_ARCH_X86_64");
  EXPECT_FALSE(seccomp.HasMember("archMap"));
  // Without CAP_SYS_CHROOT chroot is denied; with it, the rule is left out.
  EXPECT_TRUE(denied_names(seccomp).contains("chroot"));
  const auto with_chroot =
      resolve_docker_profile(profile, ProfileTarget{"SCMP_ARCH_X86_64", {"CAP_SYS_CHROOT"}, "6.1"});
  EXPECT_FALSE(denied_names(with_chroot).contains("chroot"));
  for (const auto& rule : seccomp["syscalls"].GetArray()) {
    EXPECT_FALSE(rule.HasMember("includes"));
    EXPECT_FALSE(rule.HasMember("excludes"));
  }
}

TEST(ProfileImport, IncludesByArchAndKernel) {
  const auto profile = test::load_json(test::data_path("docker_format.profile.json"));
  const auto x86 = resolve_docker_profile(profile, ProfileTarget{"SCMP_ARCH_X86_64", {}, "6.1"});
  EXPECT_EQ(test::canonical(x86), test::canonical(test::load_json(test::data_path("docker_format.x86_64.json"))));
  const auto arm = resolve_docker_profile(profile, ProfileTarget{"SCMP_ARCH_AARCH64", {}, "4.4"});
  EXPECT_EQ(test::canonical(arm), test::canonical(test::load_json(test::data_path("docker_format.aarch64.json"))));
}

TEST(ProfileImport, OciSectionComesBackAsItIs) {
  const auto section =
      parse_json(R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"syscalls":[]})", "t");
  EXPECT_EQ(test::canonical(resolve_docker_profile(section, {})), test::canonical(section));
}

TEST(ProfileImport, MalformedProfileThrows) {
  EXPECT_THROW((void)resolve_docker_profile(parse_json("[]", "t"), {}), JsonError);
  EXPECT_THROW((void)resolve_docker_profile(parse_json(R"({"archMap":[],"syscalls":{}})", "t"), {}), JsonError);
  EXPECT_THROW((void)resolve_docker_profile(
                   parse_json(R"({"archMap":[],"syscalls":[{"names":["a"],"includes":{"caps":"x"}}]})", "t"), {}),
               JsonError);
}

}  // namespace
}  // namespace common
