// SPDX-License-Identifier: Apache-2.0
// socket(domain, type, protocol): the family and the type, with its flags.
#include "constants.hpp"
#include "decoders.hpp"

namespace hooks {

std::string decode_socket(const Caller& caller) {
  std::uint64_t flag_bits = 0;
  for (const auto& entry : kSocketTypeFlags) flag_bits |= entry.value;
  const std::uint64_t type = caller.arg(1) & 0xffffffffu;
  const std::uint64_t flags = type & flag_bits;
  return "socket(" + name_of(kAddressFamilies, caller.arg(0) & 0xffffffffu) + ", " +
         with_flags(name_of(kSocketTypes, type & ~flag_bits), kSocketTypeFlags, flags) + ", " +
         std::to_string(caller.arg(2) & 0xffffffffu) + ")";
}

}  // namespace hooks
