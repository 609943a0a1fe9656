// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>
#include <cstddef>
#include <string>
#include <string_view>

namespace common {

/// Reads a whole regular file. Throws std::system_error naming the path when it
/// cannot be opened, is not a regular file (symlinks are not followed), or is
/// larger than `max_bytes`.
[[nodiscard]] std::string read_regular_file(const std::string& path, std::size_t max_bytes);

/// Replaces the regular file `path` with `content` so that a reader sees either the
/// old or the new file, never a mix, even after a crash: a temporary file in the same
/// directory takes the old mode and owner, is fsynced, renamed over `path`, and the
/// directory is fsynced. On failure `path` is untouched and the temporary is removed.
/// The pid a pid file (monitor.pid, worker.pid) holds; 0 when it is missing or
/// holds none.
[[nodiscard]] pid_t read_pid_file(const std::string& path);

void replace_file_atomically(const std::string& path, std::string_view content);

/// Writes `path` (new or not) the same crash-safe way, with the given mode and owner.
void write_file_atomically(const std::string& path, std::string_view content, mode_t mode, uid_t uid = 0,
                           gid_t gid = 0);

}  // namespace common
