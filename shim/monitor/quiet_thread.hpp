// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <signal.h>

#include <thread>
#include <utility>

namespace shim {

/// A thread that never takes a signal: the worker's signals (SIGTERM) are its
/// event loop's, and its other threads only ever wait in poll. The mask is
/// inherited at creation, so it is set around the start and put back after.
template <typename F>
[[nodiscard]] std::thread start_quiet_thread(F&& body) {
  sigset_t all;
  sigset_t before;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &before);
  std::thread thread(std::forward<F>(body));
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  return thread;
}

}  // namespace shim
