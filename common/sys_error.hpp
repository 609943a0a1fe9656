// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace common {

/// Builds the error that every wrapper of a failed syscall throws:
/// "<call> '<path>': <strerror(err)>", e.g. "open '/run/x/notify.sock': Permission denied".
[[nodiscard]] std::system_error sys_error(int err, std::string_view call, std::string_view path = {});

/// Throws sys_error(errno, call, path).
[[noreturn]] void throw_errno(std::string_view call, std::string_view path = {});

}  // namespace common
