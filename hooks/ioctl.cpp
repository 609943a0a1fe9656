// SPDX-License-Identifier: Apache-2.0
// ioctl(fd, request, ...): the request by name, else its _IOC fields (direction,
// type, number, size), which say which driver it is meant for.
#include <asm/ioctl.h>

#include <cstdio>

#include "constants.hpp"
#include "decoders.hpp"

namespace hooks {

std::string decode_ioctl(const Caller& caller) {
  const std::uint64_t request = caller.arg(1) & 0xffffffffu;
  const std::string name = name_of(kIoctlRequests, request);
  if (name.rfind("0x", 0) != 0 && !name.empty() && (name[0] < '0' || name[0] > '9'))
    return "ioctl(" + std::to_string(static_cast<int>(caller.arg(0))) + ", " + name + ")";
  char fields[96];
  const auto type = static_cast<unsigned>(_IOC_TYPE(request));
  std::snprintf(fields, sizeof fields, "_IOC(dir=%u, type='%c', nr=%u, size=%u)",
                static_cast<unsigned>(_IOC_DIR(request)), type >= 0x20 && type < 0x7f ? static_cast<char>(type) : '?',
                static_cast<unsigned>(_IOC_NR(request)), static_cast<unsigned>(_IOC_SIZE(request)));
  return "ioctl(" + std::to_string(static_cast<int>(caller.arg(0))) + ", " + fields + ")";
}

}  // namespace hooks
