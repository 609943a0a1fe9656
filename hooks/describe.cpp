// SPDX-License-Identifier: Apache-2.0
#include "describe.hpp"

#include "decoders.hpp"

namespace hooks {

std::string describe_call(const std::string& syscall, const Caller& caller) {
  if (!caller.native()) return {};
  if (syscall == "setsockopt") return decode_setsockopt(caller);
  if (syscall == "clone" || syscall == "clone3" || syscall == "unshare") return decode_namespaces(syscall, caller);
  if (syscall == "personality") return decode_personality(caller);
  if (syscall == "socket") return decode_socket(caller);
  if (syscall == "ioctl") return decode_ioctl(caller);
  return {};
}

}  // namespace hooks
