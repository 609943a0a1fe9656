// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace common {

/// The most a caller's comm or exe takes once made display text: a container
/// names its own programs, with paths as long as it likes.
inline constexpr std::size_t kMaxCallerBytes = 256;
/// The most a name from a pod's annotations (pod, namespace, container) takes.
inline constexpr std::size_t kMaxNameBytes = 256;
inline constexpr std::size_t kNoByteLimit = SIZE_MAX;

/// Text that comes from a container or a pod (a comm, an exe path, a pod name)
/// made fit for every place it is shown: a terminal, a YAML or JSON string, a
/// Prometheus label, the journal. It comes out as valid UTF-8 without control
/// characters (C0, DEL, C1), line or paragraph separators, or bidirectional and
/// invisible format characters (U+202E and the like): each of those, and each
/// byte that is not part of valid UTF-8, is written as an escape ("\x1b",
/// "\u2028"). So nothing in it can end a line, a comment or a string, move a
/// terminal's cursor or turn the text around. Backslashes stay as they are: the
/// result is for reading, not for turning back.
///
/// At most `max_bytes` bytes, counting `"` and `\` twice (as JSON writes them):
/// a cut text ends in kCutMarker. Text that is already safe and short enough
/// comes out unchanged, so encoding twice changes nothing.
[[nodiscard]] std::string display_text(std::string_view text, std::size_t max_bytes = kNoByteLimit);

/// How many bytes `text` takes inside a JSON string: `"` and `\` take two (for
/// display text, which holds no other character JSON escapes).
[[nodiscard]] std::size_t json_bytes(std::string_view text);

/// True when display_text(text) == text.
[[nodiscard]] bool is_display_safe(std::string_view text);

/// What ends a text that display_text cut.
inline constexpr std::string_view kCutMarker = "...[cut]";

}  // namespace common
