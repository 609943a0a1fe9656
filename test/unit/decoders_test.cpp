// SPDX-License-Identifier: Apache-2.0
// The decoders on notifications made up here. Without a notify fd no read of the
// caller's memory can be trusted, so those parts show as "?": that is checked too.
#include <gtest/gtest.h>
#include <seccomp.h>

#include "describe.hpp"

namespace hooks {
namespace {

std::string describe(const std::string& syscall, std::array<std::uint64_t, 6> args,
                     std::uint32_t arch = seccomp_arch_native()) {
  common::Notification n;
  n.arch = arch;
  n.args = args;
  return describe_call(syscall, Caller(-1, n));
}

TEST(Decoders, Namespaces) {
  EXPECT_EQ(describe("unshare", {0x10000000 | 0x20000000, 0, 0, 0, 0, 0}), "unshare(CLONE_NEWUSER|CLONE_NEWPID)");
  EXPECT_EQ(describe("clone", {0x40000000 | 0x11, 0, 0, 0, 0, 0}), "clone(CLONE_NEWNET)") << "only the namespace bits";
  EXPECT_EQ(describe("clone3", {0x1000, 88, 0, 0, 0, 0}), "clone3(?)") << "memory that cannot be trusted";
}

TEST(Decoders, SocketsAndOptions) {
  EXPECT_EQ(describe("socket", {16, 3 | 0x80000, 0, 0, 0, 0}), "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, 0)");
  EXPECT_EQ(describe("setsockopt", {3, 1, 12, 0x1000, 4, 0}), "setsockopt(SOL_SOCKET, SO_PRIORITY, ?)");
  EXPECT_EQ(describe("setsockopt", {3, 6, 1, 0x1000, 4, 0}), "setsockopt(IPPROTO_TCP, TCP_NODELAY, ?)");
}

TEST(Decoders, PersonalityAndIoctl) {
  EXPECT_EQ(describe("personality", {0xffffffff, 0, 0, 0, 0, 0}), "personality(query)");
  EXPECT_EQ(describe("personality", {0x0008 | 0x0040000, 0, 0, 0, 0, 0}), "personality(PER_LINUX32|ADDR_NO_RANDOMIZE)");
  EXPECT_EQ(describe("ioctl", {0, 0x5412, 0, 0, 0, 0}), "ioctl(0, TIOCSTI)");
  EXPECT_EQ(describe("ioctl", {5, 0xc0186201, 0, 0, 0, 0}), "ioctl(5, _IOC(dir=3, type='b', nr=1, size=24))");
}

TEST(Decoders, OnlyTheNativeAbiAndKnownSyscalls) {
  EXPECT_EQ(describe("chroot", {0, 0, 0, 0, 0, 0}), "");
  EXPECT_EQ(describe("unshare", {0x10000000, 0, 0, 0, 0, 0}, SCMP_ARCH_X86), "")
      << "another ABI lays args out otherwise";
}

}  // namespace
}  // namespace hooks
