// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace common {

/// libseccomp's token for an OCI architecture name (SCMP_ARCH_X86_64, ...); 0 when
/// libseccomp does not know it.
[[nodiscard]] std::uint32_t arch_token(std::string_view oci_arch);

/// Every syscall name libseccomp knows on any of `oci_arches` (the native one when
/// the list is empty), sorted. These are the names a runtime can put in a filter:
/// runc and crun resolve a rule's names with libseccomp too.
[[nodiscard]] std::vector<std::string> known_syscalls(const std::vector<std::string>& oci_arches);

}  // namespace common
