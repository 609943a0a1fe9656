// SPDX-License-Identifier: Apache-2.0
// setsockopt(fd, level, optname, optval, optlen): the level and option by name,
// and the int value the option pointer points to.
#include <cstring>

#include "constants.hpp"
#include "decoders.hpp"

namespace hooks {

std::optional<std::int32_t> read_int(const Caller& caller, std::uint64_t address, std::uint64_t length) {
  if (length < sizeof(std::int32_t)) return std::nullopt;
  const auto bytes = caller.read(address, sizeof(std::int32_t));
  if (!bytes) return std::nullopt;
  std::int32_t value = 0;
  std::memcpy(&value, bytes->data(), sizeof value);
  return value;
}

/// The options of `level` by name; empty for a level whose options we do not name.
std::span<const NamedValue> options_of(std::uint64_t level) {
  if (level == *constant_value("SOL_SOCKET")) return kSocketOptions;
  if (level == *constant_value("IPPROTO_IP")) return kIpSocketOptions;
  if (level == *constant_value("IPPROTO_IPV6")) return kIpv6SocketOptions;
  if (level == *constant_value("IPPROTO_TCP")) return kTcpSocketOptions;
  return {};
}

std::string decode_setsockopt(const Caller& caller) {
  const std::uint64_t level = caller.arg(1);
  const std::string option = name_of(options_of(level), caller.arg(2));
  const auto value = read_int(caller, caller.arg(3), caller.arg(4));
  return "setsockopt(" + name_of(kSocketLevels, level) + ", " + option + ", " +
         (value ? std::to_string(*value) : std::string("?")) + ")";
}

}  // namespace hooks
