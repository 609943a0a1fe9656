// SPDX-License-Identifier: Apache-2.0
// The calls a profile's conditional allowing rules refuse, as rules of their own:
// checked against the rules themselves on the values where comparisons turn.
#include "profile/seccomp_complement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace common {
namespace {

bool rule_matches(const DenyRule& rule, const std::array<std::uint64_t, 6>& args) {
  if (rule.conditions.empty()) return true;
  const auto check = [&](const ArgCondition& c) { return holds(c, args[c.index]); };
  return rule.any_condition ? std::any_of(rule.conditions.begin(), rule.conditions.end(), check)
                            : std::all_of(rule.conditions.begin(), rule.conditions.end(), check);
}

/// For many argument vectors (the values each comparison turns at, and random
/// ones): a complement rule matches exactly where no allowing rule does.
void expect_exact(const std::vector<DenyRule>& allowing, const std::vector<std::vector<ArgCondition>>& complement) {
  std::vector<std::uint64_t> values = {0, 1, ~std::uint64_t{0}, 0x7fffffff};
  for (const DenyRule& rule : allowing)
    for (const ArgCondition& c : rule.conditions)
      for (const std::uint64_t v :
           {c.value, c.value + 1, c.value - 1, c.value_two, c.value | c.value_two, c.value & ~c.value_two})
        values.push_back(v);
  std::mt19937_64 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::array<std::uint64_t, 6> args{};
    for (auto& a : args) a = random() % 3 == 0 ? random() : values[random() % values.size()];
    const bool allowed =
        std::any_of(allowing.begin(), allowing.end(), [&](const DenyRule& r) { return rule_matches(r, args); });
    const bool notified = std::any_of(complement.begin(), complement.end(), [&](const auto& conditions) {
      return rule_matches(DenyRule{Verdict{}, conditions, false}, args);
    });
    ASSERT_NE(allowed, notified) << args[0] << " " << args[1];
  }
}

constexpr std::uint64_t kNamespaces = 0x7e020000;  // CLONE_NEW*, as Docker's profile masks them

TEST(Complement, AMaskBecomesOneRuleABit) {
  // Docker's clone without CAP_SYS_ADMIN: allowed when no namespace flag is set.
  const std::vector<DenyRule> clone = {{Verdict{}, {{0, kNamespaces, 0, CompareOp::kMaskedEq}}, false}};
  const auto complement = complement_rules(clone);
  ASSERT_TRUE(complement);
  EXPECT_EQ(complement->size(), 7u);
  EXPECT_THAT(*complement,
              ::testing::Contains(std::vector<ArgCondition>{{0, 0x10000000, 0x10000000, CompareOp::kMaskedEq}}));
  expect_exact(clone, *complement);
}

TEST(Complement, ComparisonsAreNegatedAndRulesJoined) {
  // arg0 == 1 && arg1 < 5, or arg2 >= 9.
  const std::vector<DenyRule> allowing = {{Verdict{}, {{0, 1, 0, CompareOp::kEq}, {1, 5, 0, CompareOp::kLt}}, false},
                                          {Verdict{}, {{2, 9, 0, CompareOp::kGe}}, false}};
  const auto complement = complement_rules(allowing);
  ASSERT_TRUE(complement);
  EXPECT_EQ(complement->size(), 2u);
  expect_exact(allowing, *complement);
  // A masked value with a bit beyond its mask allows nothing: every call is notified.
  const std::vector<DenyRule> never = {{Verdict{}, {{0, 0x0f, 0x10, CompareOp::kMaskedEq}}, false}};
  const auto all = complement_rules(never);
  ASSERT_TRUE(all);
  EXPECT_THAT(*all, ::testing::ElementsAre(std::vector<ArgCondition>{}));
}

TEST(Complement, WhatNoRuleCanSayIsNone) {
  // containers-common's personality: "none of 0, 8, ..." needs two comparisons of one argument.
  std::vector<DenyRule> personality;
  for (const std::uint64_t v : {0u, 8u, 0x20000u, 0x20008u, 0xffffffffu})
    personality.push_back({Verdict{}, {{0, v, 0, CompareOp::kEq}}, false});
  EXPECT_FALSE(complement_rules(personality));
  // runc ORs comparisons of one argument: their complement ANDs them.
  const std::vector<DenyRule> ored = {{Verdict{}, {{0, 1, 0, CompareOp::kEq}, {0, 2, 0, CompareOp::kEq}}, true}};
  EXPECT_FALSE(complement_rules(ored));
  // Too many rules: 64 bits of two masks make 32 * 32 products.
  const std::vector<DenyRule> wide = {{Verdict{}, {{0, 0xffffffff, 0, CompareOp::kMaskedEq}}, false},
                                      {Verdict{}, {{1, 0xffffffff, 0, CompareOp::kMaskedEq}}, false}};
  EXPECT_FALSE(complement_rules(wide));
}

}  // namespace
}  // namespace common
