// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_lint.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "profile/seccomp_invert.hpp"
#include "profile/seccomp_profile_import.hpp"
#include "profile/syscall_table.hpp"

namespace common {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

rapidjson::Document shipped(const char* env) {
  const std::string path = std::getenv(env);
  return parse_json(read_regular_file(path, 1 << 20), path);
}

rapidjson::Document resolved(const char* env) {
  return resolve_docker_profile(shipped(env),
                                {"SCMP_ARCH_X86_64", {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"}, "6.1"});
}

std::vector<std::string> messages(const std::vector<LintWarning>& warnings) {
  std::vector<std::string> out;
  for (const auto& w : warnings) out.push_back(w.where + ": " + w.message);
  return out;
}

TEST(Lint, WhatTheArticlesFound) {
  const auto warnings = messages(lint_profile(parse_json(R"({"defaultAction":"SCMP_ACT_ERRNO",
    "architectures":["SCMP_ARCH_X86_64"],"syscalls":[
    {"names":["setsockopt"],"action":"SCMP_ACT_ALLOW","args":[
       {"index":2,"value":13,"op":"SCMP_CMP_NE"},{"index":2,"value":42,"op":"SCMP_CMP_NE"}]},
    {"names":["chroot"],"action":"SCMP_ACT_ERRNO"},
    {"names":["clone"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"valueTwo":0,"op":"SCMP_CMP_MASKED_EQ"}]},
    {"names":["read","no_such_call"],"action":"SCMP_ACT_ALLOW"}]})",
                                                         "p")));
  ASSERT_EQ(warnings.size(), 4u) << ::testing::PrintToString(warnings);
  EXPECT_THAT(warnings[0], HasSubstr("syscalls[0] (setsockopt): 2 comparisons of argument 2: runc ORs"));
  EXPECT_THAT(warnings[1], HasSubstr("syscalls[1] (chroot): its action is the default action"));
  EXPECT_THAT(warnings[2], HasSubstr("syscalls[2] (clone): SCMP_CMP_MASKED_EQ has no inverse"));
  EXPECT_THAT(warnings[3], HasSubstr("no_such_call is unknown to libseccomp"));
}

TEST(Lint, AnErrnoOtherThanTheDefaultsIsNotRedundant) {
  EXPECT_TRUE(lint_profile(parse_json(R"({"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,
      "syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})",
                                      "p"))
                  .empty());
}

TEST(Lint, DebianShippedProfiles) {
  // containers-common's names swapcontext, a ppc syscall, though it lists no ppc architecture.
  EXPECT_THAT(messages(lint_profile(shipped("CONTAINERS_COMMON_PROFILE"))),
              Contains(HasSubstr("swapcontext is unknown to libseccomp")));
  const auto docker = messages(lint_profile(shipped("DOCKER_DEFAULT_PROFILE")));
  EXPECT_THAT(docker, Contains(HasSubstr("(clone): SCMP_CMP_MASKED_EQ has no inverse")));
  EXPECT_THAT(docker, Not(Contains(HasSubstr("breakpoint is unknown"))))
      << "an ARM private syscall, known on SCMP_ARCH_ARM";
}

TEST(Invert, AllowByDefaultWithTheDenyListFromLibseccomp) {
  const auto result = invert_profile(parse_json(R"({"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,
    "architectures":["SCMP_ARCH_X86_64"],"syscalls":[
    {"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"},
    {"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"},
                                                          {"index":1,"value":2,"op":"SCMP_CMP_LE"}]},
    {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},
    {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]},
    {"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})",
                                                "p"));
  const auto& p = result.profile;
  EXPECT_STREQ(p["defaultAction"].GetString(), "SCMP_ACT_ALLOW");
  EXPECT_FALSE(p.HasMember("defaultErrnoRet"));
  const auto& rules = p["syscalls"];
  // read, write, exit_group: allowed; socket complemented; personality cannot be; chroot keeps its own rule.
  EXPECT_EQ(result.denied_by_default, known_syscalls({"SCMP_ARCH_X86_64"}).size() - 6);
  EXPECT_STREQ(rules[0]["action"].GetString(), "SCMP_ACT_ERRNO");
  EXPECT_EQ(rules[0]["errnoRet"].GetInt(), 38);
  EXPECT_EQ(to_json(rules[1]), R"({"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1})");
  // socket is allowed when arg0 == 1 and arg1 <= 2: denied when arg0 != 1, or when arg1 > 2.
  EXPECT_EQ(result.complemented, 1u);
  EXPECT_EQ(to_json(rules[2]["args"]), R"([{"index":0,"value":1,"op":"SCMP_CMP_NE"}])");
  EXPECT_EQ(to_json(rules[3]["args"]), R"([{"index":1,"value":2,"op":"SCMP_CMP_GT"}])");
  ASSERT_EQ(result.not_inverted.size(), 1u);
  EXPECT_THAT(result.not_inverted[0], HasSubstr("personality: allowed for any of several values of argument 0"));
}

TEST(Invert, DebianShippedProfiles) {
  for (const char* env : {"CONTAINERS_COMMON_PROFILE", "DOCKER_DEFAULT_PROFILE"}) {
    const auto result = invert_profile(resolved(env));
    EXPECT_STREQ(result.profile["defaultAction"].GetString(), "SCMP_ACT_ALLOW") << env;
    EXPECT_GT(result.denied_by_default, 20u) << env;
    EXPECT_THAT(result.not_inverted, Contains(HasSubstr("personality:"))) << env;
  }
  EXPECT_THROW((void)invert_profile(parse_json(R"({"defaultAction":"SCMP_ACT_ALLOW"})", "p")), JsonError);
}

}  // namespace
}  // namespace common
