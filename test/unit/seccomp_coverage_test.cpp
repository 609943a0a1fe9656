#include "seccomp_coverage.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "seccomp_profile.hpp"
#include "seccomp_profile_import.hpp"
#include "seccomp_rewrite.hpp"
#include "syscall_table.hpp"

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
  EXPECT_THAT(plan.blind_spots, ElementsAre("personality"));
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
  EXPECT_THAT(result.blind_spots, ElementsAre("personality"));
  const auto& rules = config["linux"]["seccomp"]["syscalls"];
  ASSERT_EQ(rules.Size(), 5u);
  const auto& added = rules[4];
  EXPECT_STREQ(added["action"].GetString(), "SCMP_ACT_NOTIFY");
  EXPECT_EQ(added["names"].Size(), result.syscalls_added);
  EXPECT_EQ(added.MemberCount(), 2u);
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
  EXPECT_THAT(plan.blind_spots, ElementsAre("personality"));
}

}  // namespace
}  // namespace common
