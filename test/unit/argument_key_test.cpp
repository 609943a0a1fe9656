// SPDX-License-Identifier: Apache-2.0
#include "profile/argument_key.hpp"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <sched.h>

namespace common {
namespace {

constexpr std::array<std::uint64_t, 6> args(std::uint64_t a0, std::uint64_t a1 = 0, std::uint64_t a2 = 0) {
  return {a0, a1, a2, 0, 0, 0};
}

TEST(ArgumentKey, SetsockoptIsItsLevelAndOption) {
  const ArgumentKey key = argument_key("setsockopt", AUDIT_ARCH_X86_64, args(3, 1, 7));
  ASSERT_EQ(key.count, 2u);
  EXPECT_EQ(key.conditions[0], (ArgCondition{1, 1, 0, CompareOp::kEq}));
  EXPECT_EQ(key.conditions[1], (ArgCondition{2, 7, 0, CompareOp::kEq}));
  EXPECT_EQ(describe(key), "arg1 == 0x1 && arg2 == 0x7");
  EXPECT_EQ(key, argument_key("setsockopt", AUDIT_ARCH_X86_64, args(9, 1, 7))) << "the socket is not the option";
}

TEST(ArgumentKey, CloneAndUnshareAreTheirNamespaces) {
  // The exit signal and thread flags are how a task is made, not which namespaces.
  const ArgumentKey clone = argument_key("clone", AUDIT_ARCH_X86_64, args(CLONE_NEWNET | CLONE_VM | SIGCHLD));
  ASSERT_EQ(clone.count, 1u);
  EXPECT_EQ(clone.conditions[0].op, CompareOp::kMaskedEq);
  EXPECT_EQ(clone.conditions[0].value_two, static_cast<std::uint64_t>(CLONE_NEWNET));
  EXPECT_EQ(clone, argument_key("clone", AUDIT_ARCH_X86_64, args(CLONE_NEWNET)));
  EXPECT_EQ(clone.conditions[0].value & 0x80, 0u) << "0x80 is clone's exit signal";
  const ArgumentKey unshare = argument_key("unshare", AUDIT_ARCH_X86_64, args(0x80));
  EXPECT_EQ(unshare.conditions[0].value_two, 0x80u) << "unshare's CLONE_NEWTIME";
}

TEST(ArgumentKey, PersonalityAndSocketAreTheirFirstArgument) {
  EXPECT_EQ(argument_key("personality", AUDIT_ARCH_X86_64, args(8)).conditions[0],
            (ArgCondition{0, 8, 0, CompareOp::kEq}));
  EXPECT_EQ(describe(argument_key("socket", AUDIT_ARCH_X86_64, args(40, 1))), "arg0 == 0x28");
}

TEST(ArgumentKey, OtherSyscallsAndArchitecturesAreWhole) {
  EXPECT_EQ(argument_key("chroot", AUDIT_ARCH_X86_64, args(1)).count, 0u);
  EXPECT_EQ(argument_key("clone3", AUDIT_ARCH_X86_64, args(1)).count, 0u) << "its flags are in memory";
  EXPECT_EQ(argument_key("personality", AUDIT_ARCH_I386, args(8)).count, 0u);
}

}  // namespace
}  // namespace common
