// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_complement.hpp"

#include <algorithm>

namespace common {
namespace {

using Conjunction = std::vector<ArgCondition>;
using Dnf = std::vector<Conjunction>;  // the calls any conjunction matches

/// "not c", as conjunctions of one comparison each (a masked comparison takes one a bit).
Dnf negate(const ArgCondition& c) {
  const auto one = [&](CompareOp op, std::uint64_t value, std::uint64_t two = 0) {
    return Conjunction{ArgCondition{c.index, value, two, op}};
  };
  switch (c.op) {
    case CompareOp::kEq: return {one(CompareOp::kNe, c.value)};
    case CompareOp::kNe: return {one(CompareOp::kEq, c.value)};
    case CompareOp::kLt: return {one(CompareOp::kGe, c.value)};
    case CompareOp::kGe: return {one(CompareOp::kLt, c.value)};
    case CompareOp::kLe: return {one(CompareOp::kGt, c.value)};
    case CompareOp::kGt: return {one(CompareOp::kLe, c.value)};
    case CompareOp::kMaskedEq: {
      // A value with a bit outside the mask never matches: its negation always holds.
      if ((c.value_two & ~c.value) != 0) return {Conjunction{}};
      Dnf out;
      for (unsigned bit = 0; bit < 64; ++bit) {
        const std::uint64_t b = std::uint64_t{1} << bit;
        if ((c.value & b) != 0) out.push_back(one(CompareOp::kMaskedEq, b, b & ~c.value_two));
      }
      return out;
    }
  }
  return {};
}

/// a AND b, with at most one comparison of each argument; nullopt when two
/// differ on one argument.
std::optional<Conjunction> join(const Conjunction& a, const Conjunction& b) {
  Conjunction out = a;
  for (const ArgCondition& c : b) {
    const auto same = std::find_if(out.begin(), out.end(), [&](const ArgCondition& o) { return o.index == c.index; });
    if (same == out.end())
      out.push_back(c);
    else if (!(*same == c))
      return std::nullopt;
  }
  std::sort(out.begin(), out.end(), [](const ArgCondition& x, const ArgCondition& y) { return x.index < y.index; });
  return out;
}

/// (OR of x) AND (OR of y), distributed; nullopt when a product cannot be said.
std::optional<Dnf> product(const Dnf& x, const Dnf& y) {
  Dnf out;
  for (const Conjunction& a : x) {
    for (const Conjunction& b : y) {
      auto joined = join(a, b);
      if (!joined) return std::nullopt;
      if (std::find(out.begin(), out.end(), *joined) == out.end()) out.push_back(std::move(*joined));
      if (out.size() > kMaxComplementRules) return std::nullopt;
    }
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::vector<ArgCondition>>> complement_rules(const std::vector<DenyRule>& allowing) {
  Dnf complement{Conjunction{}};  // nothing allowed yet: every call
  for (const DenyRule& rule : allowing) {
    // Not this rule's calls: for ANDed conditions any one negated, for ORed ones all.
    Dnf not_rule;
    if (rule.conditions.empty()) return Dnf{};  // it allows every call: none is left
    if (rule.any_condition) {
      not_rule = {Conjunction{}};
      for (const ArgCondition& c : rule.conditions) {
        auto next = product(not_rule, negate(c));
        if (!next) return std::nullopt;
        not_rule = std::move(*next);
      }
    } else {
      for (const ArgCondition& c : rule.conditions)
        for (Conjunction& conjunction : negate(c)) not_rule.push_back(std::move(conjunction));
    }
    auto next = product(complement, not_rule);
    if (!next) return std::nullopt;
    complement = std::move(*next);
  }
  if (complement.size() > kMaxComplementRules) return std::nullopt;
  return complement;
}

}  // namespace common
