// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hooks {

/// What the kernel's permission checks see of a caller, for a call carried out
/// on its behalf: its user and network namespace (whether they are the
/// monitor's), its ids as its own user namespace counts them, its effective
/// capabilities there, and its LSM label.
struct CallerCredentials {
  bool own_user_namespace = false;      ///< in a user namespace other than the monitor's
  bool own_network_namespace = false;   ///< in a network namespace other than the monitor's
  std::array<std::uint32_t, 3> uids{};  ///< real, effective, saved
  std::array<std::uint32_t, 3> gids{};
  std::uint64_t cap_effective = 0;
  std::string lsm_label;  ///< /proc/<tid>/attr/current; empty where no LSM labels tasks
};

/// The id inside a user namespace that `outside` (an id of the monitor's
/// namespace) maps to, by the text of /proc/<pid>/uid_map or gid_map as the
/// monitor reads it; nullopt when the map does not hold it.
[[nodiscard]] std::optional<std::uint32_t> id_inside(std::string_view map, std::uint32_t outside);

/// The ids of a "Uid:" or "Gid:" line (real, effective, saved, filesystem).
[[nodiscard]] std::optional<std::array<std::uint32_t, 3>> parse_ids(std::string_view line);

/// True when an LSM (AppArmor, SELinux, Smack) confines a caller with label
/// `caller` in ways the monitor (label `own`) is not: a call carried out by the
/// monitor would escape that confinement. No label and "unconfined" are alike.
[[nodiscard]] bool confined_unlike(std::string_view caller, std::string_view own);

/// Reads the credentials of thread `tid`. Throws std::runtime_error saying what
/// could not be read (the thread is gone, an id maps to nothing in its namespace).
[[nodiscard]] CallerCredentials read_caller_credentials(pid_t tid);

/// The monitor's own LSM label, as read_caller_credentials reads a caller's.
[[nodiscard]] const std::string& own_lsm_label();

}  // namespace hooks
