// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "file_io.hpp"
#include "json_doc.hpp"

namespace test {

/// A file from test/data (TEST_DATA_DIR is set by meson).
inline std::string data_path(const std::string& name) {
  const char* dir = std::getenv("TEST_DATA_DIR");
  if (dir == nullptr) throw std::runtime_error("TEST_DATA_DIR is not set; run the tests through meson");
  return std::string(dir) + "/" + name;
}

/// A file named by environment variable `var` (meson points these at profiles
/// that Debian packages ship).
inline std::string env_path(const char* var) {
  const char* path = std::getenv(var);
  if (path == nullptr) throw std::runtime_error(std::string(var) + " is not set; run the tests through meson");
  return path;
}

inline rapidjson::Document load_json(const std::string& path) {
  return common::parse_json(common::read_regular_file(path, 64 << 20), path);
}

/// Compact JSON of `value`: equal strings mean equal values in the same order.
inline std::string canonical(const rapidjson::Value& value) {
  return common::to_json(value);
}

}  // namespace test
