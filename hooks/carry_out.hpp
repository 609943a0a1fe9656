#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "caller.hpp"

namespace hooks {

/// What a syscall carried out for a caller returned: `error` 0 means success with `value`.
struct CallResult {
  std::int64_t value = 0;
  int error = 0;
};

/// setsockopt on the caller's socket (a copy of its fd through pidfd_getfd), with
/// the option value copied once out of its memory, and with no capability the
/// caller lacks. Never throws: what fails is the caller's result (EBADF for an fd
/// it does not have, as the kernel would say).
[[nodiscard]] CallResult carry_out_setsockopt(const Caller& caller, const std::vector<std::byte>& optval);

}  // namespace hooks
