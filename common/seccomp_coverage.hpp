#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// What a profile lets us see of the syscalls it denies.
struct CoveragePlan {
  /// Denied by one of the profile's own rules: notified in both modes.
  std::vector<std::string> named_denied;
  /// Known to libseccomp for the profile's architectures, denied by the default
  /// action, and not in any rule (or only in denying rules with conditions, whose
  /// other calls fall to the default): notified in full mode only.
  std::vector<std::string> default_denied;
  /// Allowed only under argument conditions while the default denies: the calls
  /// the conditions refuse fall to the default action, which cannot notify.
  std::vector<std::string> blind_spots;
};

/// Reads an OCI linux.seccomp section (the original, before any rewrite).
/// Throws JsonError for a section shaped otherwise than runc expects.
[[nodiscard]] CoveragePlan plan_coverage(const rapidjson::Value& seccomp);

}  // namespace common
