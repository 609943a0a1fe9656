// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace common {

inline constexpr std::string_view kActionAnnotation = "seccomp-witness.io/action";
inline constexpr std::string_view kCrioNotifierAnnotation = "io.kubernetes.cri-o.seccompNotifierAction";
/// CRI-O's name for it since 1.35; the old one still works there, and here.
inline constexpr std::string_view kCrioNotifierAnnotationNew = "seccomp-notifier-action.crio.io";

enum class WitnessAction { kStop, kLog };

[[nodiscard]] std::string_view to_string(WitnessAction action);

struct OptIn {
  WitnessAction action = WitnessAction::kLog;
  std::string annotation;  ///< which annotation opted the container in
};

struct OptInDecision {
  std::optional<OptIn> opt_in;
  std::string reason;       ///< why not, when opt_in is empty
  bool suspicious = false;  ///< an annotation was there but unusable: worth a warning
  bool sandbox = false;     ///< opted in by the pod's annotations, but the pod's sandbox: worth an info line
};

/// Reads the opt-in from the spec's `annotations`. Ours wins over CRI-O's (its
/// new name over its old one); ours takes `stop` or `log` (case and surrounding
/// blanks ignored); CRI-O's stops on `stop` and logs on any other value, as CRI-O does. A pod's sandbox (infra,
/// "pause" container: containerd's io.kubernetes.cri.container-type or CRI-O's
/// io.kubernetes.cri-o.ContainerType "sandbox") gets the pod's annotations too,
/// but is not the workload: it is never opted in.
[[nodiscard]] OptInDecision decide_opt_in(const rapidjson::Value& config);

/// An annotation value as we compare it: blanks around it dropped, lower case.
[[nodiscard]] std::string normalized(std::string_view text);

/// The value of annotation `key` in the spec, when it is there as a string (the last
/// one wins, as in Go's map decoding).
[[nodiscard]] std::optional<std::string_view> annotation(const rapidjson::Value& config, std::string_view key);

}  // namespace common
