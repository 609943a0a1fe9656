// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile/seccomp_profile.hpp"

namespace common {

/// Annotation: syscalls never to stop for, "clone3,io_uring_setup".
inline constexpr std::string_view kIgnoreAnnotation = "seccomp-witness.io/ignore";
/// Annotation: "true" counts probes as violations after all.
inline constexpr std::string_view kStopOnProbesAnnotation = "seccomp-witness.io/stop-on-probes";

/// What a denied call means. A profile that answers ENOSYS says "this syscall
/// does not exist here", on purpose, so that programs fall back (containerd's and
/// Docker's defaults answer clone3 so, and glibc >= 2.34 tries clone3 in every
/// pthread_create): such a call is a probe. Every other denial (another errno, a
/// kill action) is a violation. Only violations stop a container and go into its
/// termination message; probes and ignored syscalls are counted and shown.
enum class CallClass { kViolation, kProbe, kIgnored };

[[nodiscard]] std::string_view to_string(CallClass klass);
/// "violation", "probe" or "ignored"; nullopt otherwise.
[[nodiscard]] std::optional<CallClass> parse_call_class(std::string_view text);

/// True when the profile's answer is ENOSYS.
[[nodiscard]] bool is_probe(const Verdict& verdict);

/// The operator's choices (config.toml, else the annotations above).
struct StopPolicy {
  bool stop_on_probes = false;
  std::vector<std::string> ignored;  ///< syscall names

  [[nodiscard]] CallClass classify(std::string_view syscall, const Verdict& verdict) const;
};

/// A list of syscall names separated by commas or blanks; nullopt when an entry
/// is not a syscall name (letters, digits and '_').
[[nodiscard]] std::optional<std::vector<std::string>> parse_syscall_list(std::string_view text);

}  // namespace common
