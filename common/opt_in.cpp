// SPDX-License-Identifier: Apache-2.0
#include "opt_in.hpp"

#include <algorithm>
#include <cctype>

#include "json_doc.hpp"

namespace common {
std::string normalized(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view to_string(WitnessAction action) {
  return action == WitnessAction::kStop ? "stop" : "log";
}

std::optional<std::string_view> annotation(const rapidjson::Value& config, std::string_view key) {
  if (!config.IsObject()) return std::nullopt;
  const rapidjson::Value* annotations = find_field(config, "annotations", "config");
  if (annotations == nullptr || !annotations->IsObject()) return std::nullopt;
  std::optional<std::string_view> found;
  for (const auto& member : annotations->GetObject()) {
    if (std::string_view(member.name.GetString(), member.name.GetStringLength()) != key) continue;
    found = member.value.IsString() ? std::optional<std::string_view>(
                                          std::string_view(member.value.GetString(), member.value.GetStringLength()))
                                    : std::nullopt;
  }
  return found;
}

namespace {

/// Why `config` cannot carry a readable opt-in, if it cannot: the engine wrote
/// something that is not an OCI config, or an annotation of ours that is not a
/// string. The runtime will say more; we say why we stand aside.
std::optional<std::string> unreadable_opt_in(const rapidjson::Value& config) {
  if (!config.IsObject()) return "not a JSON object";
  const rapidjson::Value* annotations = find_field(config, "annotations", "config");
  if (annotations == nullptr || annotations->IsNull()) return std::nullopt;
  if (!annotations->IsObject()) return "annotations is not an object";
  // Go keeps the last of duplicate keys; so do we.
  std::optional<std::string> why;
  for (const auto& member : annotations->GetObject()) {
    const std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key != kActionAnnotation && key != kCrioNotifierAnnotation && key != kCrioNotifierAnnotationNew) continue;
    why = member.value.IsString() ? std::nullopt : std::optional("annotation " + std::string(key) + " is not a string");
  }
  return why;
}

}  // namespace

namespace {

bool is_sandbox(const rapidjson::Value& config) {
  for (const std::string_view key : {"io.kubernetes.cri.container-type", "io.kubernetes.cri-o.ContainerType"})
    if (const auto type = annotation(config, key); type && *type == "sandbox") return true;
  return false;
}

OptInDecision decide_by_annotations(const rapidjson::Value& config);

}  // namespace

OptInDecision decide_opt_in(const rapidjson::Value& config) {
  OptInDecision decision = decide_by_annotations(config);
  if (decision.opt_in && is_sandbox(config)) {
    decision.opt_in.reset();
    decision.sandbox = true;
    decision.reason = "the pod's sandbox (infra container) is not its workload; left untouched";
  }
  return decision;
}

namespace {

OptInDecision decide_by_annotations(const rapidjson::Value& config) {
  OptInDecision decision;
  if (auto why = unreadable_opt_in(config)) {
    decision.reason = std::move(*why);
    decision.suspicious = true;
    return decision;
  }
  if (const auto ours = annotation(config, kActionAnnotation)) {
    const std::string value = normalized(*ours);
    if (value == "stop" || value == "log") {
      decision.opt_in =
          OptIn{value == "stop" ? WitnessAction::kStop : WitnessAction::kLog, std::string(kActionAnnotation)};
      return decision;
    }
    decision.reason = std::string(kActionAnnotation) + "=\"" + std::string(*ours) + "\" is neither stop nor log";
    decision.suspicious = true;
    return decision;
  }
  for (const std::string_view key : {kCrioNotifierAnnotationNew, kCrioNotifierAnnotation}) {
    if (const auto crio = annotation(config, key)) {
      decision.opt_in =
          OptIn{normalized(*crio) == "stop" ? WitnessAction::kStop : WitnessAction::kLog, std::string(key)};
      return decision;
    }
  }
  decision.reason = "no " + std::string(kActionAnnotation) + " annotation";
  return decision;
}

}  // namespace

}  // namespace common
