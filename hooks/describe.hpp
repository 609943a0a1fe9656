// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "caller.hpp"

namespace hooks {

/// The call with its arguments decoded, for the events and the summary; empty
/// when no hook knows the syscall or the caller uses another ABI.
[[nodiscard]] std::string describe_call(const std::string& syscall, const Caller& caller);

}  // namespace hooks
