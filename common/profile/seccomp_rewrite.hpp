// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "profile/seccomp_coverage.hpp"

namespace common {

enum class RewriteOutcome {
  kRewritten,
  kNoSeccomp,         ///< no linux.seccomp section: nothing to watch
  kListenerPathSet,   ///< someone else (CRI-O's notifier, another agent) owns the listener
  kNothingToRewrite,  ///< no rule denies anything we may notify on
};

struct RewriteResult {
  RewriteOutcome outcome = RewriteOutcome::kNothingToRewrite;
  std::size_t rules_rewritten = 0;        ///< rules whose action became SCMP_ACT_NOTIFY
  std::size_t rules_split = 0;            ///< rules that kept a refused syscall (write) apart
  std::size_t syscalls_added = 0;         ///< full coverage: syscalls of the default action now notified
  std::vector<std::string> blind_spots;   ///< full coverage: see CoveragePlan::blind_spots
  std::size_t kernel_kills = 0;           ///< kill rules left the kernel's (KillRules::kStay)
  std::size_t complement_rules = 0;       ///< full coverage: rules added for CoveragePlan::complemented
  std::vector<std::string> judged_whole;  ///< full coverage: see CoveragePlan::judged_whole
  std::vector<std::string> judged;        ///< syscalls now notified for the argument rules
  std::vector<std::string> not_judged;    ///< "name: why not" for the others the rules name
};

/// One line for the log: why a container is or is not rewritten.
[[nodiscard]] std::string describe(const RewriteResult& result);

/// Rewrites the OCI runtime spec `config` in place so that the runtime hands us a
/// seccomp notify fd: every rule whose action denies (ERRNO, and KILL, KILL_PROCESS,
/// KILL_THREAD unless `kills` says they stay the kernel's) becomes SCMP_ACT_NOTIFY
/// without errnoRet, a syscall the runtime
/// refuses to notify keeps its original action in a rule of its own right after,
/// and linux.seccomp.listenerPath is set to `listener_path`. Every other member
/// keeps its value and its place. `config` is untouched unless the outcome is
/// kRewritten. With full coverage, one more NOTIFY rule at the end names what the
/// default action denies (see CoveragePlan), then one for each complement rule of
/// a syscall the profile allows only under conditions, and one naming those whose
/// complement no rule can say (taken out of their conditional allowing rules: the
/// monitor judges every call of them as the profile would). Throws JsonError when
/// the section is not shaped as runc expects. Syscalls in `judged` (named by
/// argument rules) that the profile simply allows are notified too, for the
/// monitor to judge (see seccomp_judged.hpp).
[[nodiscard]] RewriteResult rewrite_seccomp(rapidjson::Document& config, std::string_view listener_path,
                                            CoverageMode coverage = CoverageMode::kNamed,
                                            const std::set<std::string>& judged = {},
                                            KillRules kills = KillRules::kNotify);

/// True for a syscall the rewrite may notify only so that the runtime makes a
/// listener (a profile whose kills stay the kernel's and that denies nothing
/// else): x86_64's unimplemented ones, which fail with ENOSYS.
[[nodiscard]] bool is_anchor_syscall(std::string_view name);

}  // namespace common
