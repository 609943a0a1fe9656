// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile/seccomp_profile.hpp"

namespace common {

/// Annotation: `full` also watches what the profile's default action denies.
inline constexpr std::string_view kCoverageAnnotation = "seccomp-witness.io/coverage";

/// `named`: only the profile's own denying rules notify (what CRI-O's notifier
/// sees). `full`: also every syscall the profile does not name and its default
/// action denies, as an explicit NOTIFY rule.
enum class CoverageMode { kNamed, kFull };

[[nodiscard]] std::string_view to_string(CoverageMode mode);
/// "named" or "full" (case and blanks ignored); nullopt otherwise.
[[nodiscard]] std::optional<CoverageMode> parse_coverage_mode(std::string_view text);

/// What becomes of the profile's kill rules, and of a kill as its default action.
enum class KillRules {
  /// Notified: the monitor ends the caller by a signal, which cannot always be
  /// the kernel's end (a node that gives the monitor no record of the kernel's kills).
  kNotify,
  /// They stay the kernel's, which ends the caller exactly as under runc; the
  /// monitor learns of each kill from the kernel's audit record (audit_kills.hpp).
  kStay,
};

/// A rule that notifies the calls of `name` that the profile's conditional
/// allowing rules leave to its denying default action (seccomp_complement.hpp).
struct ComplementRule {
  std::string name;
  std::vector<ArgCondition> conditions;
};

/// What a profile lets us see of the syscalls it denies.
struct CoveragePlan {
  /// Denied by one of the profile's own rules: notified in both modes.
  std::vector<std::string> named_denied;
  /// Denied by kill rules that stay the kernel's (KillRules::kStay): seen in its
  /// audit records, in both modes.
  std::vector<std::string> kernel_kills;
  /// Known to libseccomp for the profile's architectures, denied by the default
  /// action, and not in any rule (or only in denying rules with conditions, whose
  /// other calls fall to the default): notified in full mode only.
  std::vector<std::string> default_denied;
  /// Allowed only under argument conditions while the default denies: in full
  /// mode, the calls the conditions refuse are notified by these rules, and the
  /// allowed calls never reach the monitor...
  std::vector<ComplementRule> complemented;
  /// ...or, where no rule can say those calls ("neither 0 nor 8"), every call of
  /// the syscall is notified and the monitor judges it as the profile would, from
  /// the registers the kernel's filter would have read.
  std::vector<std::string> judged_whole;
  /// What stays unseen in full mode: allowed under the conditions of a rule whose
  /// action is neither allowing nor denying (SCMP_ACT_TRAP, SCMP_ACT_TRACE).
  std::vector<std::string> blind_spots;
};

/// Reads an OCI linux.seccomp section (the original, before any rewrite).
/// Throws JsonError for a section shaped otherwise than runc expects.
[[nodiscard]] CoveragePlan plan_coverage(const rapidjson::Value& seccomp, KillRules kills = KillRules::kNotify);

}  // namespace common
