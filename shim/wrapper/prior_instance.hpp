// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>

#include "state/container_instance.hpp"
#include "state/monitor_lock.hpp"
#include "state/past_records.hpp"

namespace shim {

/// What the state dir of a container id holds when a call for that id comes.
enum class PriorInstance {
  kNone,     ///< no state dir
  kRetired,  ///< one of an instance that is gone; moved to the past records
  kRunning,  ///< one of an instance that lives (its monitor runs, or its init does): never touched
};

/// Before `create` or `delete` of `id`: moves a state dir left by a container
/// instance that is gone to the past records, so that nothing of it reaches a new
/// container with the same id (runc allows it once the old one is deleted, and
/// under another --root at any time). Costs one stat when there is no state dir.
/// Throws std::system_error when the dir cannot be examined or moved.
[[nodiscard]] PriorInstance retire_prior_instance(const std::string& state_root, const std::string& id,
                                                  const common::Retention& retention);

/// The instance record of `id`'s state dir, if there is one.
[[nodiscard]] std::optional<common::ContainerInstance> prior_instance(const std::string& state_root,
                                                                      const std::string& id);

/// The lock of the container an `exec` goes to, when that very container (same
/// runtime root, same init process) was watched and its monitor is gone (killed,
/// OOM): the runtime would fail the exec, unable to reach the listener. nullopt
/// otherwise, at the cost of one open() for containers that are not ours.
[[nodiscard]] std::optional<common::MonitorLock> orphaned_monitor(const std::string& state_root,
                                                                  const std::string& container_id,
                                                                  const std::string& runtime_root);

}  // namespace shim
