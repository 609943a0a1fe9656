// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "profile/seccomp_profile.hpp"

namespace common {

/// What of one call's arguments a profile could allow precisely: the conditions
/// (at most two, as a profile's `args` write them) under which exactly such calls
/// pass. For the syscalls whose meaning is in their registers and that profiles
/// narrow: setsockopt (level and option), clone and unshare (the namespace
/// flags), personality (the persona), socket (the address family). Empty
/// (count 0) for any other syscall or architecture: the whole syscall is what was
/// seen. Fixed size: the monitor keeps one per distinct call without allocating.
struct ArgumentKey {
  std::uint32_t count = 0;
  std::array<ArgCondition, 2> conditions{};
  bool operator==(const ArgumentKey&) const = default;
};

/// The key of one call of `syscall` made with `args` under audit arch `arch`.
[[nodiscard]] ArgumentKey argument_key(std::string_view syscall, std::uint32_t arch,
                                       const std::array<std::uint64_t, 6>& args);

/// The conditions as a profile's `args` would read, e.g. "arg0 == 0x8".
[[nodiscard]] std::string describe(const ArgumentKey& key);

}  // namespace common
