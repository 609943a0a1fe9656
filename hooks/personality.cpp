// SPDX-License-Identifier: Apache-2.0
// personality(persona): the execution domain and its flags; 0xffffffff only asks.
#include "constants.hpp"
#include "decoders.hpp"

namespace hooks {

std::string decode_personality(const Caller& caller) {
  const std::uint64_t persona = caller.arg(0) & 0xffffffffu;
  if (persona == 0xffffffffu) return "personality(query)";
  constexpr std::uint64_t kDomainMask = 0xff;
  const std::string domain = name_of(kPersonalities, persona & kDomainMask);
  return "personality(" + with_flags(domain, kPersonalityFlags, persona & ~kDomainMask) + ")";
}

}  // namespace hooks
