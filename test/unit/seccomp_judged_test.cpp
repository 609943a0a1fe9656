// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_judged.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "json_doc.hpp"
#include "profile/seccomp_rewrite.hpp"

namespace common {
namespace {

using ::testing::ElementsAre;

constexpr const char* kProfile = R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
  {"names":["read","setsockopt","write"],"action":"SCMP_ACT_ALLOW"},
  {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},
  {"names":["chroot"],"action":"SCMP_ACT_ERRNO"},
  {"names":["ptrace"],"action":"SCMP_ACT_LOG"}]})";

TEST(Judged, OnlyWhatTheProfileSimplyAllows) {
  const auto plan =
      plan_judged(parse_json(kProfile, "p"), {"setsockopt", "personality", "chroot", "ptrace", "write", "mount"});
  EXPECT_THAT(plan.notify, ElementsAre("setsockopt"));
  EXPECT_THAT(
      plan.refused,
      ElementsAre("chroot: the profile denies it already", "mount: the profile's default action denies it already",
                  "personality: the profile allows it only under conditions",
                  "ptrace: the profile's action for it is SCMP_ACT_LOG", "write: runc cannot notify it"));
}

TEST(Judged, TakenOutOfTheAllowRuleAndNotified) {
  rapidjson::Document config = parse_json(std::string(R"({"linux":{"seccomp":)") + kProfile + "}}", "c");
  const auto result = rewrite_seccomp(config, "/l", CoverageMode::kNamed, {"setsockopt"});
  EXPECT_THAT(result.judged, ElementsAre("setsockopt"));
  EXPECT_EQ(to_json(config["linux"]["seccomp"]["syscalls"]),
            R"([{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},)"
            R"({"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},)"
            R"({"names":["chroot"],"action":"SCMP_ACT_NOTIFY"},{"names":["ptrace"],"action":"SCMP_ACT_LOG"},)"
            R"({"names":["setsockopt"],"action":"SCMP_ACT_NOTIFY"}])");
}

TEST(Judged, AnAllowRuleLeftEmptyGoes) {
  rapidjson::Document config = parse_json(
      R"({"linux":{"seccomp":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
          {"names":["setsockopt"],"action":"SCMP_ACT_ALLOW"}]}}})",
      "c");
  const auto result = rewrite_seccomp(config, "/l", CoverageMode::kNamed, {"setsockopt", "socket"});
  EXPECT_EQ(result.outcome, RewriteOutcome::kRewritten);
  EXPECT_THAT(result.judged, ElementsAre("setsockopt", "socket")) << "socket: not named, the default allows it";
  EXPECT_EQ(to_json(config["linux"]["seccomp"]["syscalls"]),
            R"([{"names":["setsockopt","socket"],"action":"SCMP_ACT_NOTIFY"}])");
}

}  // namespace
}  // namespace common
