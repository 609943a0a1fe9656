// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the terminal's and the journal's encoder. For any bytes, what comes
// out is display text (valid UTF-8, no controls, separators or bidi overrides),
// within its bound, and encoding it again changes nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "display_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const std::size_t bound : {common::kNoByteLimit, common::kMaxCallerBytes, std::size_t{9}, std::size_t{3}}) {
    const std::string once = common::display_text(text, bound);
    if (!common::is_display_safe(once)) std::abort();
    if (bound != common::kNoByteLimit && common::json_bytes(once) > bound) std::abort();
    if (common::display_text(once, bound) != once) std::abort();
  }
  // Text that is safe already comes out as it went in.
  if (common::is_display_safe(text) && common::display_text(text) != text) std::abort();
  return 0;
}
