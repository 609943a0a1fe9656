// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_profile.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include "json_doc.hpp"

namespace common {
namespace {

using Args = std::array<std::uint64_t, 6>;

DenyRules rules(std::string_view json) {
  return DenyRules::from_seccomp(parse_json(json, "profile"));
}

TEST(DenyRules, ErrnoDefaultsToEpermAndKeepsErrnoRet) {
  const auto r = rules(R"({"syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"},
                                      {"names":["swapoff","swapon"],"action":"SCMP_ACT_ERRNO","errnoRet":38},
                                      {"names":["acct"],"action":"SCMP_ACT_ERRNO","errnoRet":0}]})");
  EXPECT_EQ(r.verdict("chroot", {}), (Verdict{Verdict::Kind::kErrno, EPERM}));
  EXPECT_EQ(r.verdict("swapon", {}), (Verdict{Verdict::Kind::kErrno, 38}));
  EXPECT_EQ(r.verdict("acct", {}), (Verdict{Verdict::Kind::kErrno, 0}));
  EXPECT_FALSE(r.verdict("read", {}));
}

TEST(DenyRules, KillActions) {
  const auto r = rules(R"({"syscalls":[{"names":["a"],"action":"SCMP_ACT_KILL"},
      {"names":["b"],"action":"SCMP_ACT_KILL_THREAD"},{"names":["c"],"action":"SCMP_ACT_KILL_PROCESS"}]})");
  EXPECT_EQ(r.verdict("a", {})->kind, Verdict::Kind::kKillThread);
  EXPECT_EQ(r.verdict("b", {})->kind, Verdict::Kind::kKillThread);
  EXPECT_EQ(r.verdict("c", {})->kind, Verdict::Kind::kKillProcess);
}

TEST(DenyRules, AllowRulesAreNotDenials) {
  const auto r = rules(R"({"defaultErrnoRet":38,"syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ALLOW"},
      {"names":["getpid"],"action":"SCMP_ACT_LOG"}]})");
  EXPECT_FALSE(r.verdict("chroot", {}));
  EXPECT_FALSE(r.verdict("getpid", {}));
  EXPECT_EQ(r.default_errno(), 38);
}

TEST(DenyRules, ConditionsOnDifferentArgumentsAreAnded) {
  const auto r = rules(R"({"syscalls":[{"names":["socket"],"action":"SCMP_ACT_ERRNO","errnoRet":22,
      "args":[{"index":0,"value":16,"op":"SCMP_CMP_EQ"},{"index":2,"value":9,"op":"SCMP_CMP_EQ"}]}]})");
  EXPECT_TRUE(r.verdict("socket", Args{16, 3, 9}));
  EXPECT_FALSE(r.verdict("socket", Args{16, 3, 0}));
  EXPECT_FALSE(r.verdict("socket", Args{2, 3, 9}));
}

TEST(DenyRules, SeveralConditionsOnOneIndexAreOredAsRuncDoes) {
  // runc turns every condition of such a rule into a rule of its own.
  const auto r = rules(R"({"syscalls":[{"names":["setpriority"],"action":"SCMP_ACT_ERRNO","errnoRet":11,
      "args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"},{"index":0,"value":1,"op":"SCMP_CMP_EQ"},
              {"index":1,"value":7,"op":"SCMP_CMP_EQ"}]}]})");
  EXPECT_TRUE(r.verdict("setpriority", Args{0, 0}));
  EXPECT_TRUE(r.verdict("setpriority", Args{1, 0}));
  EXPECT_TRUE(r.verdict("setpriority", Args{2, 7}));
  EXPECT_FALSE(r.verdict("setpriority", Args{2, 0}));
}

TEST(DenyRules, FirstMatchingRuleInProfileOrderWins) {
  const auto r = rules(R"({"syscalls":[
      {"names":["umount2"],"action":"SCMP_ACT_ERRNO","errnoRet":16,"args":[{"index":1,"value":2,"op":"SCMP_CMP_EQ"}]},
      {"names":["umount2"],"action":"SCMP_ACT_KILL_PROCESS"}]})");
  EXPECT_EQ(r.verdict("umount2", Args{0, 2}), (Verdict{Verdict::Kind::kErrno, 16}));
  EXPECT_EQ(r.verdict("umount2", Args{0, 0})->kind, Verdict::Kind::kKillProcess);
}

TEST(DenyRules, EveryComparison) {
  const auto check = [](CompareOp op, std::uint64_t value, std::uint64_t two, std::uint64_t arg) {
    return holds(ArgCondition{0, value, two, op}, arg);
  };
  EXPECT_TRUE(check(CompareOp::kNe, 5, 0, 4));
  EXPECT_FALSE(check(CompareOp::kNe, 5, 0, 5));
  EXPECT_TRUE(check(CompareOp::kLt, 5, 0, 4));
  EXPECT_FALSE(check(CompareOp::kLt, 5, 0, 5));
  EXPECT_TRUE(check(CompareOp::kLe, 5, 0, 5));
  EXPECT_TRUE(check(CompareOp::kEq, UINT64_MAX, 0, UINT64_MAX));
  EXPECT_TRUE(check(CompareOp::kGe, 5, 0, 5));
  EXPECT_FALSE(check(CompareOp::kGt, 5, 0, 5));
  EXPECT_TRUE(check(CompareOp::kMaskedEq, 0x7E020000, 0, 0x1));
  EXPECT_FALSE(check(CompareOp::kMaskedEq, 0x7E020000, 0, 0x10000000));
  EXPECT_TRUE(check(CompareOp::kMaskedEq, 0xff, 0x12, 0x3312));
}

TEST(DenyRules, RefusesWhatRuncRefuses) {
  EXPECT_THROW(
      rules(
          R"({"syscalls":[{"names":["a"],"action":"SCMP_ACT_ERRNO","args":[{"index":6,"value":1,"op":"SCMP_CMP_EQ"}]}]})"),
      JsonError);
  EXPECT_THROW(
      rules(R"({"syscalls":[{"names":["a"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":1,"op":"EQ"}]}]})"),
      JsonError);
  EXPECT_THROW(
      rules(
          R"({"syscalls":[{"names":["a"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":-1,"op":"SCMP_CMP_EQ"}]}]})"),
      JsonError);
  EXPECT_THROW(rules(R"({"syscalls":[{"names":["a"],"action":"SCMP_ACT_ERRNO","errnoRet":-1}]})"), JsonError);
  EXPECT_THROW(rules(R"({"syscalls":{}})"), JsonError);
}

}  // namespace
}  // namespace common
