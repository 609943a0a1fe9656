// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "arg_rules.hpp"
#include "caller.hpp"
#include "linux/seccomp_notify.hpp"
#include "profile/seccomp_profile.hpp"

namespace shim {

/// What judging a call by the argument rules came to.
struct Judgement {
  /// The answer to give and record: a denied call, or an allowed one that could
  /// not be carried out. nullopt: answered already.
  std::optional<common::Verdict> verdict;
  /// Why an allowed call was not carried out; empty otherwise.
  std::string refused;
};

/// Judges a notification of a syscall that the argument rules name and the
/// original profile allows. A denied call comes back as the verdict to answer and
/// record; an allowed one is answered here (the kernel continues a call judged
/// from registers alone, the monitor carries out one judged from memory), as is
/// one that cannot be judged (EFAULT, EINVAL, as the kernel would say).
///
/// A call judged from memory that the monitor cannot carry out with exactly the
/// caller's rights (another LSM label, a user namespace without a map, a setns
/// or setres[ug]id that fails) comes back refused, with the judging rule's
/// errno: never left to the kernel, which would read the value again, after
/// another thread of the caller could have changed it.
[[nodiscard]] Judgement judge_arguments(const hooks::ArgRules& rules, const std::string& syscall,
                                        const hooks::Caller& caller, common::NotifyBuffers& buffers, int notify_fd);

}  // namespace shim
