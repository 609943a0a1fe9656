// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "caller_credentials.hpp"
#include "linux/pidfd.hpp"

namespace hooks {

/// What a call made as the caller came to.
struct AsCallerResult {
  bool done = false;             ///< false: the helper could not become the caller; nothing was called
  int error = 0;                 ///< with done: 0 for success, else the call's errno
  const char* failed_step = "";  ///< without done: what failed (setns, setresuid, capset, ...)
};

/// Runs `call` in a helper process forked for it that has joined the caller's
/// network and user namespace (through `target`) and taken its ids and
/// effective capabilities there: the kernel checks the call as if the caller
/// made it. `call` runs after fork in a copy of a threaded process, so it must
/// only make system calls; it returns 0 or an errno.
template <typename Call>
[[nodiscard]] AsCallerResult run_as_caller(const common::ThreadPidfd& target, const CallerCredentials& creds,
                                           Call&& call);

namespace detail {
using RawCall = int (*)(void*);
[[nodiscard]] AsCallerResult run_as_caller(const common::ThreadPidfd& target, const CallerCredentials& creds,
                                           RawCall call, void* context);
}  // namespace detail

template <typename Call>
AsCallerResult run_as_caller(const common::ThreadPidfd& target, const CallerCredentials& creds, Call&& call) {
  return detail::run_as_caller(
      target, creds, [](void* context) { return (*static_cast<std::remove_reference_t<Call>*>(context))(); }, &call);
}

}  // namespace hooks
