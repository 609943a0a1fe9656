// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "caller.hpp"

// One decoder per syscall family, each in a file of its own: it turns the
// notification's arguments (and, where they point, the caller's memory) into the
// call as a person would write it, e.g. "setsockopt(SOL_SOCKET, SO_PRIORITY, 7)".

namespace hooks {

[[nodiscard]] std::string decode_setsockopt(const Caller& caller);
/// clone, clone3 and unshare: the namespaces asked for.
[[nodiscard]] std::string decode_namespaces(const std::string& syscall, const Caller& caller);
[[nodiscard]] std::string decode_personality(const Caller& caller);
[[nodiscard]] std::string decode_socket(const Caller& caller);
[[nodiscard]] std::string decode_ioctl(const Caller& caller);

/// The int an option pointer points to: the caller's bytes at `address`, when
/// `length` holds at least an int. nullopt when it does not or cannot be read.
[[nodiscard]] std::optional<std::int32_t> read_int(const Caller& caller, std::uint64_t address, std::uint64_t length);

}  // namespace hooks
