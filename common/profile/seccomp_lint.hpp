// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace common {

/// One thing about a profile that does not do what it seems to.
struct LintWarning {
  std::string where;    ///< "syscalls[12] (personality)"
  std::string message;  ///< what and why
};

/// Looks at a seccomp profile, OCI (linux.seccomp) or Docker format, for what the
/// source articles found: several comparisons of one argument (runc ORs them),
/// rules that only repeat the default action, conditions that cannot be inverted
/// (MASKED_EQ, or ORed comparisons), and syscalls libseccomp does not know on any
/// of the profile's architectures (runc skips them). Throws JsonError for a
/// profile that is not an object with a syscalls array where one is given.
[[nodiscard]] std::vector<LintWarning> lint_profile(const rapidjson::Value& profile);

/// The architectures a profile names: `architectures`, or Docker's archMap.
[[nodiscard]] std::vector<std::string> profile_architectures(const rapidjson::Value& profile);

}  // namespace common
