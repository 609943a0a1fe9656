// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <vector>

#include "profile/argument_key.hpp"
#include "state/container_summary.hpp"

namespace common {

/// One syscall that was denied and seen, over one or more containers.
struct SeenSyscall {
  std::string name;
  std::uint64_t count = 0;
  std::string klass;                 ///< "violation", "probe" or "ignored" (the strongest seen)
  std::vector<std::string> callers;  ///< "comm (exe)", distinct
  std::vector<ArgumentKey> arguments;
  std::uint64_t arguments_dropped = 0;
};

/// The syscalls of `summaries` (one workload's containers) folded together, in
/// the order first seen.
[[nodiscard]] std::vector<SeenSyscall> seen_syscalls(const std::vector<ContainerSummary>& summaries);

/// A profile that lets exactly what was seen through, on top of the original.
struct Suggestion {
  rapidjson::Document seccomp;         ///< the OCI linux.seccomp section; new rules carry a "comment"
  std::vector<std::string> changes;    ///< the readable diff against the original, a line each
  std::vector<std::string> imprecise;  ///< what it could not allow as narrowly as it was seen, and why
  /// Syscalls allowed for the argument values seen only: the rest stays denied
  /// (and a monitor sees it only in full coverage, see profile coverage).
  std::vector<std::string> narrowed;
};

/// The original `linux.seccomp` section with every seen syscall allowed: taken out
/// of the rules that deny it by name, and allowed by a rule of its own where the
/// default action denies it, only for the argument values seen where a profile
/// can say them (argument_key.hpp). Never allows a syscall that was not seen. A
/// syscall that the profile denies under conditions is left as it is (named in
/// `imprecise`). The listener settings of the original are dropped.
[[nodiscard]] Suggestion suggest_profile(const rapidjson::Value& original, const std::vector<SeenSyscall>& seen);

}  // namespace common
