// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "profile/seccomp_profile.hpp"

namespace hooks {

/// Annotation: argument rules for the container, as JSON (see README, "Argument rules").
inline constexpr std::string_view kRulesAnnotation = "seccomp-witness.io/rules";

/// One comparison of an argument (or of the int an option pointer points to),
/// in the profile's own terms. With `values`, EQ and MASKED_EQ hold for any of
/// them, NE for none of them.
struct RuleCondition {
  unsigned index = 0;
  common::CompareOp op = common::CompareOp::kEq;
  std::vector<std::uint64_t> values;
  std::uint64_t value_two = 0;

  [[nodiscard]] bool holds(std::uint64_t arg) const;
};

/// Denies a syscall when all its conditions hold. Unlike runc, which ORs several
/// comparisons of one argument, every condition here must hold: "neither 13 nor 42".
struct ArgRule {
  std::vector<std::string> names;
  int errno_value = 1;  ///< EPERM unless errnoRet says otherwise
  std::vector<RuleCondition> args;
  /// setsockopt only: the option value, read once from the caller and compared
  /// as an unsigned 32-bit number (so -1 is above 6).
  std::optional<RuleCondition> optval;
};

/// What to answer a notification of a judged syscall.
struct Decision {
  enum class Kind {
    kNoRule,    ///< no rule names the syscall
    kDeny,      ///< a rule holds: answer errno_value, a forbidden syscall
    kFail,      ///< the call cannot be judged (bad pointer, short option): errno_value, as the kernel would
    kContinue,  ///< allowed, decided from registers only: the kernel may run it
    kCarryOut,  ///< allowed after reading the caller's memory: run it for the caller with `optval`;
                ///< errno_value is the judging rule's, the answer should it not be carried out
  };
  Kind kind = Kind::kNoRule;
  int errno_value = 0;
  std::vector<std::byte> optval;
};

class ArgRules {
 public:
  /// Parses a JSON array of rules; throws common::JsonError naming `origin` and
  /// the rule that is wrong. Names like SOL_SOCKET or SO_PRIORITY may stand for numbers.
  static ArgRules parse(std::string_view json, std::string_view origin);

  [[nodiscard]] bool empty() const { return rules_.empty(); }
  /// The syscalls some rule names.
  [[nodiscard]] std::set<std::string> syscalls() const;
  /// The rules that name one of `names`, and only those names.
  [[nodiscard]] ArgRules only(const std::set<std::string>& names) const;
  [[nodiscard]] bool judges(const std::string& syscall) const;
  /// True when some rule reads the caller's memory (optval): the calls it allows
  /// are carried out by the monitor for the caller.
  [[nodiscard]] bool reads_memory() const;

  /// Reads the caller's memory: Caller::read, or a stand-in in tests.
  using MemoryReader = std::function<std::optional<std::vector<std::byte>>(std::uint64_t, std::size_t)>;

  /// Judges a call from its arguments, reading the option value at most once.
  [[nodiscard]] Decision decide(const std::string& syscall, const std::array<std::uint64_t, 6>& args,
                                const MemoryReader& read) const;

  [[nodiscard]] const std::vector<ArgRule>& rules() const { return rules_; }

 private:
  std::vector<ArgRule> rules_;
};

}  // namespace hooks
