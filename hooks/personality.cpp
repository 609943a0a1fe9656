// personality(persona): the execution domain and its flags; 0xffffffff only asks.
#include "constants.hpp"
#include "decoders.hpp"

namespace hooks {

std::string decode_personality(const Caller& caller) {
  const std::uint64_t persona = caller.arg(0) & 0xffffffffu;
  if (persona == 0xffffffffu) return "personality(query)";
  constexpr std::uint64_t kDomainMask = 0xff;
  const std::string domain = name_of(kPersonalities, persona & kDomainMask);
  const std::uint64_t flags = persona & ~kDomainMask;
  return "personality(" + domain + (flags != 0 ? "|" + flag_names(kPersonalityFlags, flags) : "") + ")";
}

}  // namespace hooks
