// SPDX-License-Identifier: Apache-2.0
#include "profile/stop_policy.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace common {
namespace {

const Verdict kEnosys{Verdict::Kind::kErrno, ENOSYS};
const Verdict kEperm{Verdict::Kind::kErrno, EPERM};

TEST(StopPolicy, EnosysIsAProbeEverythingElseAViolation) {
  const StopPolicy policy;
  EXPECT_EQ(policy.classify("clone3", kEnosys), CallClass::kProbe);
  EXPECT_EQ(policy.classify("chroot", kEperm), CallClass::kViolation);
  EXPECT_EQ(policy.classify("chroot", Verdict{Verdict::Kind::kErrno, 0}), CallClass::kViolation);
  EXPECT_EQ(policy.classify("acct", Verdict{Verdict::Kind::kKillProcess, 0}), CallClass::kViolation);
  EXPECT_EQ(policy.classify("acct", Verdict{Verdict::Kind::kKillThread, ENOSYS}), CallClass::kViolation);
}

TEST(StopPolicy, TheOperatorDecidesTheEdges) {
  StopPolicy policy;
  policy.ignored = {"chroot", "clone3"};
  EXPECT_EQ(policy.classify("chroot", kEperm), CallClass::kIgnored);
  EXPECT_EQ(policy.classify("clone3", kEnosys), CallClass::kIgnored);
  policy.ignored.clear();
  policy.stop_on_probes = true;
  EXPECT_EQ(policy.classify("clone3", kEnosys), CallClass::kViolation);
}

TEST(StopPolicy, SyscallLists) {
  EXPECT_EQ(parse_syscall_list("clone3"), (std::vector<std::string>{"clone3"}));
  EXPECT_EQ(parse_syscall_list(" clone3, io_uring_setup  Chroot "),
            (std::vector<std::string>{"clone3", "io_uring_setup", "chroot"}));
  EXPECT_EQ(parse_syscall_list(""), std::vector<std::string>{});
  EXPECT_FALSE(parse_syscall_list("clone3;reboot"));
  EXPECT_FALSE(parse_syscall_list("../x"));
}

TEST(StopPolicy, ClassNames) {
  for (const auto klass : {CallClass::kViolation, CallClass::kProbe, CallClass::kIgnored})
    EXPECT_EQ(parse_call_class(to_string(klass)), klass);
  EXPECT_FALSE(parse_call_class("Probe"));
}

}  // namespace
}  // namespace common
