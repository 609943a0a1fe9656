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

std::string decode_setsockopt(const Caller& caller) {
  const std::uint64_t level = caller.arg(1);
  const std::string option =
      level == *constant_value("SOL_SOCKET") ? name_of(kSocketOptions, caller.arg(2)) : std::to_string(caller.arg(2));
  const auto value = read_int(caller, caller.arg(3), caller.arg(4));
  return "setsockopt(" + name_of(kSocketLevels, level) + ", " + option + ", " +
         (value ? std::to_string(*value) : std::string("?")) + ")";
}

}  // namespace hooks
