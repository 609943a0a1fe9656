// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_coverage.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "profile/seccomp_profile.hpp"
#include "profile/seccomp_profile_import.hpp"
#include "profile/seccomp_rewrite.hpp"
#include "profile/syscall_table.hpp"

namespace common {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

constexpr const char* kProfile = R"({"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,
  "architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[
    {"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"},
    {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},
    {"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
    {"names":["umount2"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":2,"op":"SCMP_CMP_EQ"}]}]})";

TEST(SyscallTable, KnowsEachArchitecturesOwnNames) {
  EXPECT_NE(arch_token("SCMP_ARCH_X86_64"), 0u);
  EXPECT_EQ(arch_token("SCMP_ARCH_NOPE"), 0u);
  EXPECT_EQ(arch_token("x86_64"), 0u) << "OCI names only";
  const auto x86_64 = known_syscalls({"SCMP_ARCH_X86_64"});
  EXPECT_GT(x86_64.size(), 300u);
  EXPECT_TRUE(std::is_sorted(x86_64.begin(), x86_64.end()));
  EXPECT_THAT(x86_64, Contains("io_uring_setup"));
  EXPECT_THAT(x86_64, Not(Contains("socketcall"))) << "32-bit x86 only";
  EXPECT_THAT(known_syscalls({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}), Contains("socketcall"));
  EXPECT_EQ(known_syscalls({}), known_syscalls({"SCMP_ARCH_X86_64"})) << "the native arch of this machine";
  EXPECT_TRUE(known_syscalls({"SCMP_ARCH_NOPE"}).empty());
}

TEST(Coverage, SortsEachSyscallIntoWhatWeCanSee) {
  const auto plan = plan_coverage(parse_json(kProfile, "profile"));
  EXPECT_THAT(plan.named_denied, ElementsAre("chroot", "umount2"));
  // Allowed only for 0: its other calls are notified by a rule of their own.
  EXPECT_TRUE(plan.blind_spots.empty());
  EXPECT_TRUE(plan.judged_whole.empty());
  ASSERT_EQ(plan.complemented.size(), 1u);
  EXPECT_EQ(plan.complemented[0].name, "personality");
  EXPECT_THAT(plan.complemented[0].conditions, ElementsAre(ArgCondition{0, 0, 0, CompareOp::kNe}));
  EXPECT_THAT(plan.default_denied, Contains("io_uring_setup"));
  EXPECT_THAT(plan.default_denied, Contains("umount2")) << "its other calls fall to the default";
  for (const char* name : {"read", "exit_group", "chroot", "personality", "write"})
    EXPECT_THAT(plan.default_denied, Not(Contains(name))) << name;
  EXPECT_EQ(plan.default_denied.size() + 5, known_syscalls({"SCMP_ARCH_X86_64"}).size())
      << "every known syscall but read, write, exit_group, chroot and personality";
}

TEST(Coverage, NothingMoreWhenTheDefaultAllows) {
  const auto plan = plan_coverage(parse_json(
      R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["chroot"],"action":"SCMP_ACT_KILL"}]})", "p"));
  EXPECT_THAT(plan.named_denied, ElementsAre("chroot"));
  EXPECT_TRUE(plan.default_denied.empty());
  EXPECT_TRUE(plan.blind_spots.empty());
}

TEST(Coverage, ModeNames) {
  EXPECT_EQ(parse_coverage_mode(" Full "), CoverageMode::kFull);
  EXPECT_EQ(parse_coverage_mode("named"), CoverageMode::kNamed);
  EXPECT_EQ(parse_coverage_mode("all"), std::nullopt);
  EXPECT_EQ(to_string(CoverageMode::kFull), "full");
}

TEST(Coverage, FullRewriteAddsOneNotifyRuleAtTheEnd) {
  rapidjson::Document config = parse_json(std::string(R"({"linux":{"seccomp":)") + kProfile + "}}", "config");
  const auto result = rewrite_seccomp(config, "/run/l.sock", CoverageMode::kFull);
  ASSERT_EQ(result.outcome, RewriteOutcome::kRewritten);
  EXPECT_EQ(result.rules_rewritten, 2u);
  EXPECT_TRUE(result.blind_spots.empty());
  EXPECT_EQ(result.complement_rules, 1u);
  const auto& rules = config["linux"]["seccomp"]["syscalls"];
  ASSERT_EQ(rules.Size(), 6u);
  const auto& added = rules[4];
  EXPECT_STREQ(added["action"].GetString(), "SCMP_ACT_NOTIFY");
  EXPECT_EQ(added["names"].Size(), result.syscalls_added);
  EXPECT_EQ(added.MemberCount(), 2u);
  EXPECT_EQ(
      to_json(rules[5]),
      R"({"names":["personality"],"action":"SCMP_ACT_NOTIFY","args":[{"index":0,"value":0,"op":"SCMP_CMP_NE"}]})");
  EXPECT_STREQ(rules[1]["action"].GetString(), "SCMP_ACT_ALLOW") << "the allowed calls stay the kernel's";
  EXPECT_NE(describe(result).find("of the default action added"), std::string::npos) << describe(result);
}

TEST(Coverage, FullRewriteOfAProfileWithoutRules) {
  rapidjson::Document config = parse_json(
      R"({"linux":{"seccomp":{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64"]}}})", "c");
  EXPECT_EQ(rewrite_seccomp(config, "/l", CoverageMode::kNamed).outcome, RewriteOutcome::kNothingToRewrite);
  const auto result = rewrite_seccomp(config, "/l", CoverageMode::kFull);
  EXPECT_EQ(result.outcome, RewriteOutcome::kRewritten);
  EXPECT_EQ(config["linux"]["seccomp"]["syscalls"].Size(), 1u);
  EXPECT_THAT(config["linux"]["seccomp"]["syscalls"][0]["names"].GetArray().Size(), result.syscalls_added);
}

TEST(Coverage, TheMonitorAnswersWhatFellToTheDefault) {
  const auto rules = DenyRules::from_seccomp(parse_json(kProfile, "profile"));
  ASSERT_TRUE(rules.default_verdict().has_value());
  EXPECT_EQ(*rules.default_verdict(), (Verdict{Verdict::Kind::kErrno, 38}));
  const auto kill =
      DenyRules::from_seccomp(parse_json(R"({"defaultAction":"SCMP_ACT_KILL_PROCESS","syscalls":[]})", "p"));
  EXPECT_EQ(kill.default_verdict()->kind, Verdict::Kind::kKillProcess);
  EXPECT_FALSE(
      DenyRules::from_seccomp(parse_json(R"({"defaultAction":"SCMP_ACT_ALLOW"})", "p")).default_verdict().has_value());
}

TEST(Coverage, ContainersCommonProfile) {
  const std::string path = std::getenv("CONTAINERS_COMMON_PROFILE");
  const auto shipped = parse_json(read_regular_file(path, 1 << 20), path);
  const auto seccomp = resolve_docker_profile(
      shipped, {"SCMP_ARCH_X86_64", {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"}, "6.1"});
  const auto plan = plan_coverage(seccomp);
  EXPECT_THAT(plan.named_denied, Contains("chroot"));
  EXPECT_THAT(plan.default_denied, Contains("io_uring_setup"));
  // personality is allowed for five values: "none of them" is no rule's to say.
  EXPECT_THAT(plan.judged_whole, ElementsAre("personality"));
  EXPECT_TRUE(plan.blind_spots.empty());
}

// Where no rule can say the calls the conditions refuse, every call is notified
// and the monitor lets through what the profile allowed.
TEST(Coverage, AWholeSyscallForTheMonitorToJudge) {
  rapidjson::Document config = parse_json(R"({"linux":{"seccomp":{"defaultAction":"SCMP_ACT_ERRNO",
    "architectures":["SCMP_ARCH_X86_64"],"syscalls":[
    {"names":["read","personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},
    {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}}})",
                                          "c");
  const auto result = rewrite_seccomp(config, "/l", CoverageMode::kFull);
  EXPECT_THAT(result.judged_whole, ElementsAre("personality"));
  const auto& rules = config["linux"]["seccomp"]["syscalls"];
  EXPECT_EQ(to_json(rules[0]["names"]), R"(["read"])") << "taken out of its conditional allows";
  EXPECT_EQ(to_json(rules[rules.Size() - 1]), R"({"names":["personality"],"action":"SCMP_ACT_NOTIFY"})");
  const auto original = DenyRules::from_seccomp(parse_json(R"({"defaultAction":"SCMP_ACT_ERRNO","syscalls":[
    {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"}]},
    {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]})",
                                                           "p"));
  EXPECT_TRUE(original.allows("personality", {8, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(original.allows("personality", {0x40000, 0, 0, 0, 0, 0}));
}

// Kill rules that stay the kernel's are seen in its audit records, never notified.
TEST(Coverage, KillRulesStayTheKernels) {
  constexpr const char* kKills = R"({"linux":{"seccomp":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
    {"names":["mkdir"],"action":"SCMP_ACT_KILL_PROCESS"},{"names":["swapoff"],"action":"SCMP_ACT_KILL"},
    {"names":["chroot"],"action":"SCMP_ACT_ERRNO"}]}}})";
  rapidjson::Document config = parse_json(kKills, "c");
  const auto plan = plan_coverage(config["linux"]["seccomp"], KillRules::kStay);
  EXPECT_THAT(plan.named_denied, ElementsAre("chroot"));
  EXPECT_THAT(plan.kernel_kills, ElementsAre("mkdir", "swapoff"));
  const auto result = rewrite_seccomp(config, "/l", CoverageMode::kFull, {}, KillRules::kStay);
  EXPECT_EQ(result.rules_rewritten, 1u);
  EXPECT_EQ(result.kernel_kills, 2u);
  const auto& rules = config["linux"]["seccomp"]["syscalls"];
  EXPECT_STREQ(rules[0]["action"].GetString(), "SCMP_ACT_KILL_PROCESS");
  EXPECT_STREQ(rules[1]["action"].GetString(), "SCMP_ACT_KILL");
  EXPECT_STREQ(rules[2]["action"].GetString(), "SCMP_ACT_NOTIFY");
  // A kill as the default stays one: nothing of it is notified, but the anchor
  // that brings the monitor the container's notify fd.
  rapidjson::Document by_default = parse_json(
      R"({"linux":{"seccomp":{"defaultAction":"SCMP_ACT_KILL_PROCESS","architectures":["SCMP_ARCH_X86_64"],
          "syscalls":[{"names":["read","tuxcall"],"action":"SCMP_ACT_ALLOW"}]}}})",
      "c");
  EXPECT_EQ(rewrite_seccomp(by_default, "/l", CoverageMode::kFull, {}, KillRules::kStay).outcome,
            RewriteOutcome::kRewritten);
  const auto& kept = by_default["linux"]["seccomp"]["syscalls"];
  ASSERT_EQ(kept.Size(), 2u);
  EXPECT_EQ(to_json(kept[1]),
            R"({"names":["afs_syscall","security","getpmsg","putpmsg","vserver"],"action":"SCMP_ACT_NOTIFY"})")
      << "the anchors that no rule names";
  EXPECT_TRUE(is_anchor_syscall("tuxcall"));
  EXPECT_FALSE(is_anchor_syscall("getpid"));
  // Without the kernel's records they notify, as before.
  rapidjson::Document notified = parse_json(kKills, "c");
  EXPECT_EQ(rewrite_seccomp(notified, "/l", CoverageMode::kNamed).rules_rewritten, 3u);
}

}  // namespace
}  // namespace common
