// SPDX-License-Identifier: Apache-2.0
#include "as_caller.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace hooks::detail {
namespace {

// Exit codes of the helper beyond any errno (Linux has fewer than 140).
enum Step : int { kSetnsNet = 240, kSetnsUser, kKeepCaps, kSetresgid, kSetresuid, kCapset, kFirstStep = kSetnsNet };

const char* step_name(int code) {
  switch (code) {
    case kSetnsNet: return "setns of its network namespace";
    case kSetnsUser: return "setns of its user namespace";
    case kKeepCaps: return "prctl(PR_SET_KEEPCAPS)";
    case kSetresgid: return "setresgid";
    case kSetresuid: return "setresuid";
    case kCapset: return "capset";
    default: return "the helper";
  }
}

/// The helper's side: raw system calls only (a forked copy of a threaded process).
[[noreturn]] void become_caller_and_call(int pidfd, const CallerCredentials& creds, RawCall call, void* context) {
  // The network namespace first, while we are still root of the monitor's user
  // namespace: joining the user namespace gives up every right outside it.
  if (creds.own_network_namespace && ::syscall(SYS_setns, pidfd, CLONE_NEWNET) != 0) ::_exit(kSetnsNet);
  if (creds.own_user_namespace && ::syscall(SYS_setns, pidfd, CLONE_NEWUSER) != 0) ::_exit(kSetnsUser);
  // Keep the permitted set across the change of uid; capset trims it below.
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) ::_exit(kKeepCaps);
  // No supplementary groups of the monitor; refused where the namespace denies
  // setgroups, which leaves none that the namespace maps.
  (void)::syscall(SYS_setgroups, 0, nullptr);
  if (::syscall(SYS_setresgid, creds.gids[0], creds.gids[1], creds.gids[2]) != 0) ::_exit(kSetresgid);
  if (::syscall(SYS_setresuid, creds.uids[0], creds.uids[1], creds.uids[2]) != 0) ::_exit(kSetresuid);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  data[0].effective = data[0].permitted = static_cast<std::uint32_t>(creds.cap_effective);
  data[1].effective = data[1].permitted = static_cast<std::uint32_t>(creds.cap_effective >> 32);
  if (::syscall(SYS_capset, &header, data) != 0) ::_exit(kCapset);
  ::_exit(call(context));
}

}  // namespace

AsCallerResult run_as_caller(const common::ThreadPidfd& target, const CallerCredentials& creds, RawCall call,
                             void* context) {
  const pid_t child = ::fork();
  if (child < 0) return {false, errno, "fork"};
  if (child == 0) become_caller_and_call(target.fd.get(), creds, call, context);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return {false, errno, "waitpid"};
  if (!WIFEXITED(status)) return {false, 0, "the helper (killed by a signal)"};
  const int code = WEXITSTATUS(status);
  if (code >= kFirstStep) return {false, 0, step_name(code)};
  return {true, code, ""};
}

}  // namespace hooks::detail
