// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace common {

struct InvertResult {
  rapidjson::Document profile;            ///< the allow-by-default OCI section
  std::size_t denied_by_default = 0;      ///< syscalls in the generated deny rule
  std::size_t complemented = 0;           ///< conditional allows turned into conditional denies
  std::vector<std::string> not_inverted;  ///< "name: why", left allowed: no rule can say their complement
};

/// Turns a deny-by-default OCI seccomp section into the same policy written as
/// allow-by-default: one explicit rule denies (with the old default action) every
/// syscall libseccomp knows for the profile's architectures that the profile does
/// not allow; the profile's own denying and other rules stay; a syscall allowed
/// only under conditions gets denying rules for the complement of its conditions
/// where comparisons can say it (EQ<->NE, LT<->GE, LE<->GT; one argument index per
/// comparison), and is reported otherwise. Throws JsonError for a section that is
/// not deny-by-default, or is shaped otherwise than runc expects.
[[nodiscard]] InvertResult invert_profile(const rapidjson::Value& seccomp);

}  // namespace common
