#include "capabilities.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include "sys_error.hpp"

namespace hooks {
namespace {

__user_cap_header_struct header() {
  return {_LINUX_CAPABILITY_VERSION_3, 0};
}

}  // namespace

LoweredCapabilities::LoweredCapabilities(std::uint64_t keep) {
  auto head = header();
  if (::syscall(SYS_capget, &head, saved_) != 0) common::throw_errno("capget");
  __user_cap_data_struct lowered[2] = {saved_[0], saved_[1]};
  lowered[0].effective &= static_cast<std::uint32_t>(keep);
  lowered[1].effective &= static_cast<std::uint32_t>(keep >> 32);
  head = header();
  if (::syscall(SYS_capset, &head, lowered) != 0) common::throw_errno("capset");
}

LoweredCapabilities::~LoweredCapabilities() {
  auto head = header();
  // Raising the effective set back within the permitted set cannot fail.
  (void)::syscall(SYS_capset, &head, saved_);
}

}  // namespace hooks
