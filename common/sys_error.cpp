// SPDX-License-Identifier: Apache-2.0
#include "sys_error.hpp"

#include <cerrno>

namespace common {

std::system_error sys_error(int err, std::string_view call, std::string_view path) {
  std::string what(call);
  if (!path.empty()) {
    what += " '";
    what += path;
    what += '\'';
  }
  return {err, std::system_category(), what};
}

void throw_errno(std::string_view call, std::string_view path) {
  throw sys_error(errno, call, path);
}

}  // namespace common
