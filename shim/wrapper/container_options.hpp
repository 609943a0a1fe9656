// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <string>

#include "arg_rules.hpp"
#include "profile/seccomp_coverage.hpp"
#include "state/config_file.hpp"

namespace shim {

/// What an opted-in container asks of us beyond its action, from its annotations
/// or else config.toml. A value we cannot use is logged and left out, so that
/// the container is still watched as far as it can be.
struct ContainerOptions {
  common::CoverageMode coverage = common::CoverageMode::kFull;
  common::StopPolicy stop_policy;
  std::string rules_json = "[]";  ///< as written, for the monitor
  hooks::ArgRules rules;
};

[[nodiscard]] ContainerOptions container_options(const rapidjson::Value& spec, const common::Config& config,
                                                 const std::string& id);

}  // namespace shim
