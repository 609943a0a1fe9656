// SPDX-License-Identifier: Apache-2.0
#include "profile/argument_key.hpp"

#include <linux/audit.h>
#include <sched.h>

#include <cstdio>

namespace common {
namespace {

// The namespace flags, as clone(2) and unshare(2) take them. CLONE_NEWTIME
// shares its bit with clone's exit signal, so only unshare's mask has it.
constexpr std::uint64_t kCloneNamespaces =
    CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
constexpr std::uint64_t kCloneNewTime = 0x80;

ArgumentKey equal(unsigned index, std::uint64_t value) {
  ArgumentKey key;
  key.count = 1;
  key.conditions[0] = ArgCondition{index, value, 0, CompareOp::kEq};
  return key;
}

}  // namespace

ArgumentKey argument_key(std::string_view syscall, std::uint32_t arch, const std::array<std::uint64_t, 6>& args) {
  if (arch != AUDIT_ARCH_X86_64) return {};
  if (syscall == "personality" || syscall == "socket") return equal(0, args[0]);
  if (syscall == "setsockopt") {
    ArgumentKey key = equal(1, args[1]);
    key.count = 2;
    key.conditions[1] = ArgCondition{2, args[2], 0, CompareOp::kEq};
    return key;
  }
  if (syscall == "clone" || syscall == "unshare") {
    // Only which namespaces: the other flags are how a thread or process is made.
    const std::uint64_t mask = syscall == "clone" ? kCloneNamespaces : kCloneNamespaces | kCloneNewTime;
    ArgumentKey key;
    key.count = 1;
    key.conditions[0] = ArgCondition{0, mask, args[0] & mask, CompareOp::kMaskedEq};
    return key;
  }
  return {};
}

std::string describe(const ArgumentKey& key) {
  std::string out;
  for (std::uint32_t i = 0; i < key.count; ++i) {
    const ArgCondition& c = key.conditions[i];
    char text[96];
    if (c.op == CompareOp::kMaskedEq)
      std::snprintf(text, sizeof text, "arg%u & 0x%llx == 0x%llx", c.index, static_cast<unsigned long long>(c.value),
                    static_cast<unsigned long long>(c.value_two));
    else
      std::snprintf(text, sizeof text, "arg%u == 0x%llx", c.index, static_cast<unsigned long long>(c.value));
    if (!out.empty()) out += " && ";
    out += text;
  }
  return out;
}

}  // namespace common
