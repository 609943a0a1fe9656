// SPDX-License-Identifier: Apache-2.0
#include "json_doc.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <strings.h>

namespace common {
namespace {

// Integers up to 64 bits are exact whatever the flags. Not kParseFullPrecisionFlag:
// RapidJSON 1.1's full-precision path has undefined behaviour on numbers that
// fuzzing found ("0e-88", "1e-500", 184467440737095516156), and OCI configs
// hold no floating-point numbers for it to matter.
constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

/// Returns the deepest nesting of arrays/objects, ignoring brackets inside strings.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      deepest = std::max(deepest, ++depth);
    else if ((c == '}' || c == ']') && depth > 0)
      --depth;
  }
  return deepest;
}

template <typename V>
V* find_field_impl(V& object, std::string_view name, std::string_view where) {
  V* found = nullptr;
  for (auto& member : object.GetObject()) {
    const std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key.size() != name.size() || ::strncasecmp(key.data(), name.data(), name.size()) != 0) continue;
    if (found != nullptr)
      throw JsonError(std::string(where) + ": key \"" + std::string(name) + "\" appears more than once");
    found = &member.value;
  }
  return found;
}

}  // namespace

rapidjson::Document parse_json(std::string_view text, std::string_view origin) {
  if (nesting_depth(text) > kMaxJsonDepth)
    throw JsonError("'" + std::string(origin) + "': JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                    " levels");
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(text.data(), text.size());
  if (doc.HasParseError())
    throw JsonError("'" + std::string(origin) + "': invalid JSON at byte " + std::to_string(doc.GetErrorOffset()) +
                    ": " + rapidjson::GetParseError_En(doc.GetParseError()));
  return doc;
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

rapidjson::Value* find_field(rapidjson::Value& object, std::string_view name, std::string_view where) {
  return find_field_impl(object, name, where);
}

const rapidjson::Value* find_field(const rapidjson::Value& object, std::string_view name, std::string_view where) {
  return find_field_impl(object, name, where);
}

std::string_view json_type_name(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "boolean";
    case rapidjson::kObjectType: return "object";
    case rapidjson::kArrayType: return "array";
    case rapidjson::kStringType: return "string";
    case rapidjson::kNumberType: return "number";
  }
  return "unknown";
}

}  // namespace common
