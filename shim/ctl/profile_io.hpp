// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <string>

namespace ctl {

/// A profile or config.json from a file, or from standard input for "-".
[[nodiscard]] rapidjson::Document load(const std::string& path);

/// JSON indented by two, with a final newline.
[[nodiscard]] std::string pretty_json(const rapidjson::Value& value);

/// Pretty-prints JSON to standard output.
void print(const rapidjson::Value& value);

/// A whole config.json as it is, or a bare linux.seccomp section wrapped into one.
[[nodiscard]] rapidjson::Document as_config(rapidjson::Document input, bool& bare);

/// The linux.seccomp section of a config.json; throws naming `origin` when absent.
[[nodiscard]] const rapidjson::Value& seccomp_of(const rapidjson::Value& config, const std::string& origin);

}  // namespace ctl
