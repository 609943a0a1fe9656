// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "state/container_state.hpp"
#include "state/syscall_tally.hpp"

#include "profile/argument_key.hpp"

namespace common {

/// summary.json read back: what seccomp-witnessctl and the exporter show.
struct CallerSummary {
  int pid = 0;
  std::string comm;
  std::string exe;
};

struct SyscallSummary {
  std::string name;
  std::uint64_t count = 0;
  std::uint64_t violations = 0;     ///< of count; all of them in summaries from before probes
  std::string klass = "violation";  ///< "violation", "probe", "ignored"
  std::string verdict;              ///< "errno", "kill_thread", "kill_process"
  int errno_value = 0;
  std::string first_seen;
  std::string last_seen;
  std::vector<CallerSummary> callers;
  std::uint64_t callers_dropped = 0;
  std::vector<std::string> details;     ///< decoded calls, e.g. "setsockopt(SOL_SOCKET, SO_PRIORITY, 7)"
  std::vector<ArgumentKey> arguments;   ///< distinct argument keys (argument_key.hpp)
  std::uint64_t arguments_dropped = 0;  ///< calls whose key did not fit
};

struct ContainerSummary {
  std::string container_id;
  std::string pod;
  std::string pod_namespace;
  std::string container;
  std::string action;
  ContainerState state = ContainerState::kWatching;
  std::string reason;  ///< why an opted-in container is unwatched, or its record unreadable
  std::string message;
  std::uint64_t total = 0;
  std::uint64_t violations = 0;
  std::vector<SyscallSummary> syscalls;
  std::string state_dir;  ///< where it was read from
  bool past = false;      ///< a container that is gone, kept in <state_root>/@past
};

/// Parses summary.json; throws JsonError naming `origin`.
[[nodiscard]] ContainerSummary parse_container_summary(std::string_view text, std::string_view origin);
/// The summary.json of `state_dir`; throws naming the file.
[[nodiscard]] ContainerSummary load_container_summary(const std::string& state_dir);

/// The summary's counts as the tally of a monitor that goes on from them.
[[nodiscard]] std::vector<SyscallRecord> tally_records(const ContainerSummary& summary);

/// Every <state_root>/<id>/summary.json that can be read, then those of past
/// containers (<state_root>/@past/<id>@<time>/, oldest first), sorted by container
/// id; a "watching" container whose monitor is gone is reported "lost".
/// A state dir whose summary.json cannot be read (too large, not JSON) is one
/// too, in state "unreadable" with the reason; `problems` names directories that
/// could not be listed.
[[nodiscard]] std::vector<ContainerSummary> load_container_summaries(const std::string& state_root,
                                                                     std::vector<std::string>& problems);

}  // namespace common
