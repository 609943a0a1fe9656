// SPDX-License-Identifier: Apache-2.0
#include "carry_out.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "as_caller.hpp"
#include "caller_credentials.hpp"

namespace hooks {

CallResult carry_out_setsockopt(const Caller& caller, const std::vector<std::byte>& optval) {
  try {
    const auto tid = static_cast<pid_t>(caller.notification().pid);
    // The notification's pid is a thread id, and a thread may keep an fd table of its own.
    const common::ThreadPidfd target = common::open_thread_pidfd(tid);
    const common::UniqueFd socket = caller.take_fd(target, static_cast<int>(caller.arg(0)));
    const CallerCredentials creds = read_caller_credentials(tid);
    // Only now is all of that surely the caller's.
    if (!socket || !caller.still_waiting()) return {-1, ESRCH, {}};  // gone; no one reads this
    if (confined_unlike(creds.lsm_label, own_lsm_label()))
      return {-1, 0, "the caller is confined by LSM label '" + creds.lsm_label + "'"};
    const int level = static_cast<int>(caller.arg(1));
    const int name = static_cast<int>(caller.arg(2));
    const AsCallerResult result = run_as_caller(target, creds, [&] {
      return ::setsockopt(socket.get(), level, name, optval.data(), static_cast<socklen_t>(optval.size())) == 0 ? 0
                                                                                                                : errno;
    });
    if (!result.done)
      return {-1, 0, std::string("the helper could not take the caller's place: ") + result.failed_step};
    return {result.error == 0 ? 0 : -1, result.error, {}};
  } catch (const std::system_error& e) {
    return {-1, e.code().value(), {}};
  } catch (const std::runtime_error& e) {
    return {-1, 0, e.what()};
  }
}

}  // namespace hooks
