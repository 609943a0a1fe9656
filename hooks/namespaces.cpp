// SPDX-License-Identifier: Apache-2.0
// clone(flags, ...), unshare(flags), clone3(&clone_args, size): which namespaces
// the caller asks for. clone3's flags are the first 64-bit member of its struct.
#include "constants.hpp"
#include "decoders.hpp"

#include <cstring>

namespace hooks {
namespace {

std::uint64_t namespace_bits() {
  std::uint64_t bits = 0;
  for (const auto& entry : kNamespaceFlags) bits |= entry.value;
  return bits;
}

}  // namespace

std::string decode_namespaces(const std::string& syscall, const Caller& caller) {
  std::uint64_t flags = caller.arg(0);
  if (syscall == "clone3") {
    const auto bytes = caller.arg(1) >= sizeof flags ? caller.read(caller.arg(0), sizeof flags) : std::nullopt;
    if (!bytes) return "clone3(?)";
    std::memcpy(&flags, bytes->data(), sizeof flags);
  }
  static const std::uint64_t kNamespaceBits = namespace_bits();
  return syscall + "(" + flag_names(kNamespaceFlags, flags & kNamespaceBits) + ")";
}

}  // namespace hooks
