// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "caller.hpp"

namespace hooks {

/// What a syscall carried out for a caller returned: `error` 0 means success with
/// `value`. A non-empty `refused` says why it was not carried out at all.
struct CallResult {
  std::int64_t value = 0;
  int error = 0;
  std::string refused;
};

/// setsockopt on the caller's socket (a copy of its fd through pidfd_getfd), with
/// the option value copied once out of its memory, made by a helper that has
/// exactly the caller's privileges: its user and network namespace, its ids and
/// effective capabilities there. Refused, with nothing called, for a caller that
/// an LSM confines unlike the monitor, or when the helper cannot become the
/// caller. Never throws: what fails is the caller's result (EBADF for an fd it
/// does not have, as the kernel would say).
[[nodiscard]] CallResult carry_out_setsockopt(const Caller& caller, const std::vector<std::byte>& optval);

}  // namespace hooks
