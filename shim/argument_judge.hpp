#pragma once

#include <optional>
#include <string>

#include "arg_rules.hpp"
#include "caller.hpp"
#include "seccomp_notify.hpp"
#include "seccomp_profile.hpp"

namespace shim {

/// Judges a notification of a syscall that the argument rules name and the
/// original profile allows. A denied call comes back as the verdict to answer and
/// record; an allowed one is answered here (the kernel continues a call judged
/// from registers alone, the monitor carries out one judged from memory), as is
/// one that cannot be judged (EFAULT, EINVAL, as the kernel would say): nullopt.
/// A call the monitor may not carry out with exactly the caller's rights is left
/// to the kernel, and the log says so.
[[nodiscard]] std::optional<common::Verdict> judge_arguments(const std::string& container_id,
                                                             const hooks::ArgRules& rules, const std::string& syscall,
                                                             const hooks::Caller& caller,
                                                             common::NotifyBuffers& buffers, int notify_fd);

}  // namespace shim
