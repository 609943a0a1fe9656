// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the state message a runtime sends with its notify fds. Any input
// is parsed or refused with a JsonError; nothing else may happen (no crash, no
// sanitizer report, no other exception).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json_doc.hpp"
#include "state/state_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto message = common::parse_state_message(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)message;
  } catch (const common::JsonError&) {
  }
  return 0;
}
