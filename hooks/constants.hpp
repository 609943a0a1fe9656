// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hooks {

/// A kernel constant and the name it has in the C headers.
struct NamedValue {
  std::string_view name;
  std::uint64_t value;
};

extern const std::span<const NamedValue> kSocketLevels;       ///< SOL_SOCKET, IPPROTO_TCP, ...
extern const std::span<const NamedValue> kSocketOptions;      ///< SO_* at SOL_SOCKET
extern const std::span<const NamedValue> kIpSocketOptions;    ///< IP_* at IPPROTO_IP
extern const std::span<const NamedValue> kIpv6SocketOptions;  ///< IPV6_* at IPPROTO_IPV6
extern const std::span<const NamedValue> kTcpSocketOptions;   ///< TCP_* at IPPROTO_TCP
extern const std::span<const NamedValue> kAddressFamilies;    ///< AF_*
extern const std::span<const NamedValue> kSocketTypes;        ///< SOCK_STREAM, ... (without flags)
extern const std::span<const NamedValue> kSocketTypeFlags;    ///< SOCK_NONBLOCK, SOCK_CLOEXEC
extern const std::span<const NamedValue> kNamespaceFlags;     ///< CLONE_NEW*
extern const std::span<const NamedValue> kPersonalities;      ///< PER_LINUX, PER_LINUX32, ...
extern const std::span<const NamedValue> kPersonalityFlags;   ///< ADDR_NO_RANDOMIZE, ...
extern const std::span<const NamedValue> kIoctlRequests;      ///< TIOCSTI, FIONREAD, ...

/// The value of a constant of any table above, for rules written with names.
[[nodiscard]] std::optional<std::uint64_t> constant_value(std::string_view name);

/// "SO_PRIORITY", or the number when the table does not know it.
[[nodiscard]] std::string name_of(std::span<const NamedValue> table, std::uint64_t value);

/// "CLONE_NEWNS|CLONE_NEWUSER", with the bits the table does not name as a hex
/// rest ("|0x11"); "0" for no bit.
[[nodiscard]] std::string flag_names(std::span<const NamedValue> table, std::uint64_t flags);

/// `value` with its flags appended ("SOCK_STREAM|SOCK_CLOEXEC"); `value` alone
/// when no flag is set.
[[nodiscard]] std::string with_flags(std::string value, std::span<const NamedValue> table, std::uint64_t flags);

}  // namespace hooks
