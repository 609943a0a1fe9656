// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace common {

/// Which container instance a state dir belongs to (its instance.json): the id
/// alone is not enough, since runc lets a deleted container's id be used again,
/// and containers under two runtime roots may share one.
struct ContainerInstance {
  std::string runtime_root;      ///< `--root` as the runtime was given it, normalized; "" for its default
  int pid = 0;                   ///< the container's init, host pid; 0 until the runtime connected
  std::uint64_t start_time = 0;  ///< the init's start time (/proc/<pid>/stat), against pid reuse
};

[[nodiscard]] std::string to_json(const ContainerInstance& instance);

/// Throws JsonError naming `origin` when the text is not an instance record.
[[nodiscard]] ContainerInstance parse_container_instance(std::string_view text, std::string_view origin);

/// <state_dir>/instance.json; nullopt when it is missing or unreadable.
[[nodiscard]] std::optional<ContainerInstance> read_container_instance(const std::string& state_dir);

/// Writes <state_dir>/instance.json (atomically).
void write_container_instance(const std::string& state_dir, const ContainerInstance& instance);

/// `--root` as compared between calls: "/run/runc/" and "/run/runc" are one root.
[[nodiscard]] std::string normalized_root(std::string_view root);

/// The start time of process `pid` (field 22 of /proc/<pid>/stat); nullopt when gone.
[[nodiscard]] std::optional<std::uint64_t> process_start_time(int pid);

/// True while the init process the record names still runs (the same process,
/// not another that got its pid).
[[nodiscard]] bool instance_running(const ContainerInstance& instance);

}  // namespace common
