// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace common {

enum class CompareOp { kNe, kLt, kLe, kEq, kGe, kGt, kMaskedEq };

struct ArgCondition {
  unsigned index = 0;
  std::uint64_t value = 0;
  std::uint64_t value_two = 0;
  CompareOp op = CompareOp::kEq;
  bool operator==(const ArgCondition&) const = default;
};

/// What the original profile does to a syscall it denies.
struct Verdict {
  enum class Kind { kErrno, kKillThread, kKillProcess };
  Kind kind = Kind::kErrno;
  int errno_value = 1;  ///< for kErrno: the errno the caller sees (0 means "returns 0")

  friend bool operator==(const Verdict&, const Verdict&) = default;
};

/// One denying (or, among DenyRules::allowing, allowing) rule of the original profile.
struct DenyRule {
  Verdict verdict;
  std::vector<ArgCondition> conditions;
  /// runc ORs every condition of a rule that compares one argument index more
  /// than once (each becomes a rule of its own); otherwise they are ANDed.
  bool any_condition = false;
};

/// The denying rules of an OCI linux.seccomp section, by syscall name, in profile
/// order: enough to tell what the original profile did to a notified syscall.
class DenyRules {
 public:
  /// Throws JsonError for a section runc would refuse (bad op, index > 5, ...).
  static DenyRules from_seccomp(const rapidjson::Value& seccomp);

  /// The verdict of the first denying rule for `syscall` whose conditions hold for
  /// `args`; nullopt when none does.
  [[nodiscard]] std::optional<Verdict> verdict(const std::string& syscall,
                                               const std::array<std::uint64_t, 6>& args) const;

  /// True when an allowing rule (SCMP_ACT_ALLOW, SCMP_ACT_LOG) for `syscall`
  /// holds for `args`: where full coverage notifies a syscall that the profile
  /// allows under conditions, those calls go on as the profile lets them.
  [[nodiscard]] bool allows(const std::string& syscall, const std::array<std::uint64_t, 6>& args) const;

  /// The allowing rules that name `syscall` (with or without conditions).
  [[nodiscard]] const std::vector<DenyRule>& allowing(const std::string& syscall) const;

  /// The errno of the profile's default action, for syscalls that fall to it.
  [[nodiscard]] int default_errno() const { return default_errno_; }

  /// What the default action does to the syscalls no rule names; nullopt when it
  /// does not deny (ALLOW, LOG, ...). Coverage mode notifies those syscalls too.
  [[nodiscard]] const std::optional<Verdict>& default_verdict() const { return default_verdict_; }

  [[nodiscard]] std::size_t syscall_count() const { return rules_.size(); }

 private:
  std::unordered_map<std::string, std::vector<DenyRule>> rules_;
  std::unordered_map<std::string, std::vector<DenyRule>> allowing_;
  int default_errno_ = 1;
  std::optional<Verdict> default_verdict_;
};

/// SCMP_CMP_EQ and the others, as a profile names them; nullopt for another name.
[[nodiscard]] std::optional<CompareOp> parse_compare_op(std::string_view name);

/// The name a profile gives `op` ("SCMP_CMP_MASKED_EQ").
[[nodiscard]] std::string_view compare_op_name(CompareOp op);

/// True when the condition holds for the argument value, as libseccomp compares.
[[nodiscard]] bool holds(const ArgCondition& condition, std::uint64_t arg);

}  // namespace common
