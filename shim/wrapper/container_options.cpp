// SPDX-License-Identifier: Apache-2.0
#include "container_options.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <vector>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "opt_in.hpp"
#include "plain_options.hpp"

namespace shim {
namespace {

constexpr std::size_t kMaxRulesBytes = 1024 * 1024;

common::CoverageMode coverage_mode(const rapidjson::Value& spec, const common::Config& config, const std::string& id) {
  const auto value = common::annotation(spec, common::kCoverageAnnotation);
  if (!value) return config.coverage;
  if (const auto mode = common::parse_coverage_mode(*value)) return *mode;
  spdlog::warn("container {}: {}=\"{}\" is neither \"named\" nor \"full\"; using {}", id, common::kCoverageAnnotation,
               *value, common::to_string(config.coverage));
  return config.coverage;
}

/// The rules of a JSON array of rules, but those with an optval.
std::string rules_without_optval(const std::string& text, const std::string& origin) {
  rapidjson::Document doc = common::parse_json(text, origin);
  for (auto it = doc.Begin(); it != doc.End();) it = it->IsObject() && it->HasMember("optval") ? doc.Erase(it) : it + 1;
  return common::to_json(doc);
}

/// Leaves out each rule that could have the monitor carry out a call whose option
/// value is not a plain one (hooks/plain_options.hpp), naming it; the rest stay.
void refuse_unsafe_carry_outs(const std::string& id, const std::string& origin, ContainerOptions& options) {
  std::vector<rapidjson::SizeType> refused;
  const auto& rules = options.rules.rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string problem = hooks::carry_out_problem(rules[i]);
    if (problem.empty()) continue;
    spdlog::warn("container {}: rule {} of {} left out: {}", id, i, origin, problem);
    refused.push_back(static_cast<rapidjson::SizeType>(i));
  }
  if (refused.empty()) return;
  rapidjson::Document doc = common::parse_json(options.rules_json, origin);
  for (auto it = refused.rbegin(); it != refused.rend(); ++it) doc.Erase(doc.Begin() + *it);
  options.rules_json = common::to_json(doc);
  options.rules = hooks::ArgRules::parse(options.rules_json, origin);
}

void read_rules(const rapidjson::Value& spec, const common::Config& config, const std::string& id,
                ContainerOptions& options) {
  std::string text;
  std::string origin;
  try {
    if (const auto value = common::annotation(spec, hooks::kRulesAnnotation)) {
      text = *value;
      origin = std::string(hooks::kRulesAnnotation);
    } else if (!config.rules_file.empty()) {
      origin = config.rules_file;
      text = common::read_regular_file(config.rules_file, kMaxRulesBytes);
    } else {
      return;
    }
    options.rules = hooks::ArgRules::parse(text, origin);
    options.rules_json = text;
    if (origin == hooks::kRulesAnnotation && !config.carry_out_from_annotation && options.rules.reads_memory()) {
      spdlog::warn(
          "container {}: the rules of {} that judge an option value (optval) are left out: the calls they allow "
          "would be carried out by the monitor, which config.toml allows from rules_file only "
          "(carry_out_from_annotation)",
          id, origin);
      options.rules_json = rules_without_optval(text, origin);
      options.rules = hooks::ArgRules::parse(options.rules_json, origin);
    }
    refuse_unsafe_carry_outs(id, origin, options);
  } catch (const std::exception& e) {
    spdlog::warn("container {}: argument rules left out: {}", id, e.what());
  }
}

common::StopPolicy stop_policy(const rapidjson::Value& spec, const common::Config& config, const std::string& id) {
  common::StopPolicy policy = config.stop_policy;
  if (const auto value = common::annotation(spec, common::kIgnoreAnnotation)) {
    if (const auto names = common::parse_syscall_list(*value))
      policy.ignored = *names;
    else
      spdlog::warn("container {}: {}=\"{}\" is not a list of syscall names; ignoring none beyond config.toml's", id,
                   common::kIgnoreAnnotation, *value);
  }
  if (const auto value = common::annotation(spec, common::kStopOnProbesAnnotation)) {
    const std::string text = common::normalized(*value);
    if (text == "true" || text == "false")
      policy.stop_on_probes = text == "true";
    else
      spdlog::warn("container {}: {}=\"{}\" is neither true nor false; probes {}", id, common::kStopOnProbesAnnotation,
                   *value, policy.stop_on_probes ? "stop" : "do not stop");
  }
  return policy;
}

}  // namespace

ContainerOptions container_options(const rapidjson::Value& spec, const common::Config& config, const std::string& id) {
  ContainerOptions options;
  options.coverage = coverage_mode(spec, config, id);
  options.stop_policy = stop_policy(spec, config, id);
  read_rules(spec, config, id, options);
  return options;
}

}  // namespace shim
