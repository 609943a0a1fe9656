// SPDX-License-Identifier: Apache-2.0
#include "profile/syscall_table.hpp"

#include <seccomp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <set>

namespace common {
namespace {

/// Syscall numbers are below 1024 on every architecture but MIPS, whose ABIs start
/// at 4000, 5000 and 6000, and ARM's private calls from 0xf0000 (breakpoint,
/// set_tls, ...); x32 resolves without its 0x40000000 bit too.
struct NumberRange {
  int first;
  int last;
};
constexpr NumberRange kRanges[] = {{0, 1024}, {4000, 4600}, {5000, 5600}, {6000, 6600}, {0xf0000, 0xf0010}};

void add_names(std::uint32_t arch, std::set<std::string>& names) {
  for (const auto& range : kRanges) {
    for (int nr = range.first; nr < range.last; ++nr) {
      const std::unique_ptr<char, decltype(&std::free)> name(seccomp_syscall_resolve_num_arch(arch, nr), &std::free);
      if (name) names.emplace(name.get());
    }
  }
}

}  // namespace

std::uint32_t arch_token(std::string_view oci_arch) {
  constexpr std::string_view kPrefix = "SCMP_ARCH_";
  if (oci_arch.substr(0, kPrefix.size()) != kPrefix) return 0;
  std::string name(oci_arch.substr(kPrefix.size()));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return seccomp_arch_resolve_name(name.c_str());
}

std::vector<std::string> known_syscalls(const std::vector<std::string>& oci_arches) {
  std::set<std::string> names;
  if (oci_arches.empty()) add_names(seccomp_arch_native(), names);
  for (const auto& arch : oci_arches)
    if (const std::uint32_t token = arch_token(arch); token != 0) add_names(token, names);
  return {names.begin(), names.end()};
}

}  // namespace common
