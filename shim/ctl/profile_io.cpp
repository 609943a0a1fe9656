// SPDX-License-Identifier: Apache-2.0
#include "profile_io.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <iostream>
#include <iterator>
#include <stdexcept>

#include "file_io.hpp"
#include "json_doc.hpp"

namespace ctl {
namespace {

constexpr std::size_t kMaxProfileBytes = 16 * 1024 * 1024;

}  // namespace

rapidjson::Document load(const std::string& path) {
  if (path == "-") {
    const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    return common::parse_json(text, "<stdin>");
  }
  return common::parse_json(common::read_regular_file(path, kMaxProfileBytes), path);
}

std::string pretty_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + '\n';
}

void print(const rapidjson::Value& value) {
  std::cout << pretty_json(value);
}

rapidjson::Document as_config(rapidjson::Document input, bool& bare) {
  bare = input.IsObject() && common::find_field(input, "linux", "input") == nullptr;
  rapidjson::Document config;
  if (!bare) {
    config.Swap(input);
    return config;
  }
  config.SetObject();
  rapidjson::Value linux(rapidjson::kObjectType);
  linux.AddMember("seccomp", rapidjson::Value(input, config.GetAllocator()), config.GetAllocator());
  config.AddMember("linux", linux, config.GetAllocator());
  return config;
}

const rapidjson::Value& seccomp_of(const rapidjson::Value& config, const std::string& origin) {
  const rapidjson::Value* linux = config.IsObject() ? common::find_field(config, "linux", origin) : nullptr;
  const rapidjson::Value* seccomp =
      linux != nullptr && linux->IsObject() ? common::find_field(*linux, "seccomp", origin) : nullptr;
  if (seccomp == nullptr || !seccomp->IsObject()) throw std::runtime_error(origin + ": no linux.seccomp section");
  return *seccomp;
}

}  // namespace ctl
