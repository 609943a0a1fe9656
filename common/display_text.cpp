// SPDX-License-Identifier: Apache-2.0
#include "display_text.hpp"

#include <cstdio>

namespace common {
namespace {

/// The code point of the UTF-8 sequence at `text[at]` and its length; length 0
/// for a byte that starts no valid sequence (stray continuation, overlong form,
/// surrogate, beyond U+10FFFF, cut short).
struct Decoded {
  std::uint32_t code_point = 0;
  std::size_t length = 0;
};

Decoded decode(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t least = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, cp = lead & 0x1fu, least = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, cp = lead & 0x0fu, least = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, cp = lead & 0x07u, least = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return {};
    cp = (cp << 6) | (byte(i) & 0x3fu);
  }
  if (cp < least || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {};
  return {cp, length};
}

/// Characters that are never shown as they are: controls, separators that end a
/// line where YAML and JavaScript look, and format characters that reorder or
/// hide text.
bool shown_escaped(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
         (cp >= 0xfff9 && cp <= 0xfffb);
}

std::size_t weight(std::string_view piece) {
  return json_bytes(piece);
}

}  // namespace

std::size_t json_bytes(std::string_view text) {
  std::size_t w = text.size();
  for (const char c : text) w += (c == '"' || c == '\\') ? 1 : 0;
  return w;
}

std::string display_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(text.size() < 64 ? text.size() : 64);
  std::size_t used = 0;
  // Room kept for the marker, so that a cut text stays within the bound too.
  const std::size_t room = max_bytes >= kCutMarker.size() ? max_bytes - kCutMarker.size() : 0;
  char escape[16];
  for (std::size_t at = 0; at < text.size();) {
    const Decoded d = decode(text, at);
    std::string_view piece;
    if (d.length == 0) {
      std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned char>(text[at]));
      piece = escape;
    } else if (shown_escaped(d.code_point)) {
      std::snprintf(escape, sizeof escape, d.code_point < 0x80 ? "\\x%02x" : "\\u%04x", d.code_point);
      piece = escape;
    } else {
      piece = text.substr(at, d.length);
    }
    const std::size_t w = weight(piece);
    // The whole rest fits: no marker needed, however little room is left for one.
    if (used + w > room) {
      const std::string_view rest = text.substr(at);
      if (used + weight(rest) <= max_bytes && is_display_safe(rest)) {
        out.append(rest);
        return out;
      }
      out.append(kCutMarker.substr(0, max_bytes - used < kCutMarker.size() ? max_bytes - used : kCutMarker.size()));
      return out;
    }
    out.append(piece);
    used += w;
    at += d.length == 0 ? 1 : d.length;
  }
  return out;
}

bool is_display_safe(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const Decoded d = decode(text, at);
    if (d.length == 0 || shown_escaped(d.code_point)) return false;
    at += d.length;
  }
  return true;
}

}  // namespace common
