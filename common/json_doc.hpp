// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace common {

/// A JSON document that is not what we expect: bad syntax, a wrong type, an
/// ambiguous key. The message names the file (or field) and what is wrong.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Nesting deeper than this is refused before parsing (runc's specs are shallow;
/// a deep document is hostile and would exhaust the stack when written back).
inline constexpr std::size_t kMaxJsonDepth = 512;

/// Parses `text` keeping member order, uint64 values and doubles exactly, and
/// rejecting invalid UTF-8. Throws JsonError naming `origin` and the byte offset.
[[nodiscard]] rapidjson::Document parse_json(std::string_view text, std::string_view origin);

/// Writes `value` compactly; every value is written back as it was parsed.
[[nodiscard]] std::string to_json(const rapidjson::Value& value);

/// Finds the member of `object` that Go's encoding/json (runc) would bind to the
/// field `name`: the key is matched ignoring case. Returns nullptr when absent;
/// throws JsonError when several keys match, because runc would take the last one
/// and we could not be sure to change the one it uses.
[[nodiscard]] rapidjson::Value* find_field(rapidjson::Value& object, std::string_view name, std::string_view where);
[[nodiscard]] const rapidjson::Value* find_field(const rapidjson::Value& object, std::string_view name,
                                                 std::string_view where);

/// The JSON type name of `value`, for error messages.
[[nodiscard]] std::string_view json_type_name(const rapidjson::Value& value);

}  // namespace common
