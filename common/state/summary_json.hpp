// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <string>

#include "linux/process_info.hpp"
#include "profile/seccomp_profile.hpp"
#include "state/container_state.hpp"
#include "state/monitor_spec.hpp"
#include "state/syscall_tally.hpp"

namespace common {

/// The most one line of events.jsonl takes, newline aside.
inline constexpr std::size_t kMaxEventBytes = 1024;
/// The most summary.json takes: SyscallTally's bounds and the spec's make sure.
inline constexpr std::size_t kMaxSummaryBytes = 1 << 20;
/// The most an unwatched container's reason takes.
inline constexpr std::size_t kMaxReasonBytes = 2048;

/// The verdict as events and summaries name it: "errno", "kill_thread", "kill_process".
[[nodiscard]] std::string_view verdict_name(Verdict::Kind kind);

/// One line of events.jsonl: who (container, pod, namespace), what (syscall and
/// the original profile's verdict), which caller, when. At most kMaxEventBytes:
/// the texts a container or pod chose are cut further where they do not fit.
[[nodiscard]] std::string event_json(const MonitorSpec& spec, const std::string& syscall, const Verdict& verdict,
                                     CallClass klass, const ProcessInfo& caller,
                                     std::chrono::system_clock::time_point when, const std::string& detail = {});

/// summary.json: the container, the monitor's state (watching, stopped, exited,
/// lost), the message (violations only), totals of calls and of violations,
/// and per syscall: count, violations, class, verdict, first/last seen, callers.
[[nodiscard]] std::string summary_json(const MonitorSpec& spec, const SyscallTally& tally, ContainerState state,
                                       const std::string& stopped_at, std::uint64_t events_suppressed);

/// summary.json of an opted-in container that runs unwatched: state "unwatched"
/// and the reason, so that seccomp-witnessctl lists it.
[[nodiscard]] std::string unwatched_summary_json(const MonitorSpec& spec, std::string_view reason);

}  // namespace common
