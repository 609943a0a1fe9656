// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace common {

/// The text of a small /proc file (at most `max` bytes); nullopt when it cannot
/// be read (gone, or EINVAL as attr/current gives where no LSM labels tasks).
[[nodiscard]] std::optional<std::string> read_proc_file(const std::string& path, std::size_t max);

/// The text of /proc/<tid>/status (at most 8 KiB; every field we read comes
/// first); nullopt when the thread is gone.
[[nodiscard]] std::optional<std::string> read_proc_status(pid_t tid);

/// The value after "Key:" on its line of a status text, blanks trimmed.
[[nodiscard]] std::optional<std::string_view> status_field(std::string_view status, std::string_view key);

/// Whether the signal set of `key` (SigBlk, SigIgn, SigCgt: hex, as /proc prints
/// it) holds `signal`; nullopt when the field is missing or malformed.
[[nodiscard]] std::optional<bool> status_holds_signal(std::string_view status, std::string_view key, int signal);

/// `text` as a whole number in `base`; nullopt unless all of it is one.
[[nodiscard]] std::optional<std::uint64_t> parse_number(std::string_view text, int base = 10);

}  // namespace common
