// SPDX-License-Identifier: Apache-2.0
// The kernel's own records of seccomp kills: parsed as it writes them, and read
// off the audit multicast group for a kill this test makes.
#include "linux/audit_kills.hpp"

#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <poll.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace common {
namespace {

TEST(AuditKills, ParsesAKillAsTheKernelWritesIt) {
  const auto kill = parse_seccomp_kill(
      "audit(1796417785.059:2): auid=4294967295 uid=0 gid=0 ses=4294967295 subj=unconfined pid=6621 comm=\"k\" "
      "exe=\"/tmp/t/k\" sig=31 arch=c000003e syscall=161 compat=0 ip=0x7f01dd8e3829 code=0x80000000");
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->pid, 6621);
  EXPECT_EQ(kill->comm, "k");
  EXPECT_EQ(kill->exe, "/tmp/t/k");
  EXPECT_EQ(kill->arch, 0xc000003eu);
  EXPECT_EQ(kill->syscall, 161);
  EXPECT_TRUE(kill->whole_process);
}

TEST(AuditKills, NamesWithBlanksOrControlsComeInHex) {
  // comm "a b" and exe "/x\ny": the kernel writes them in hex, unquoted.
  const auto kill = parse_seccomp_kill(
      "audit(1.2:3): pid=7 comm=612062 exe=2F780A79 sig=31 arch=c000003e syscall=83 compat=0 ip=0x1 code=0x0");
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->comm, "a b");
  EXPECT_EQ(kill->exe, "/x\ny");
  EXPECT_FALSE(kill->whole_process) << "code 0: KILL_THREAD";
}

TEST(AuditKills, WhatIsNoKillIsNone) {
  // SCMP_ACT_LOG (0x7ffc0000), ERRNO with the log flag (0x00050001), a record cut short.
  EXPECT_FALSE(parse_seccomp_kill("audit(1.2:3): pid=7 comm=\"a\" arch=c000003e syscall=83 code=0x7ffc0000"));
  EXPECT_FALSE(parse_seccomp_kill("audit(1.2:3): pid=7 comm=\"a\" arch=c000003e syscall=83 code=0x50001"));
  EXPECT_FALSE(parse_seccomp_kill("audit(1.2:3): pid=7 comm=\"a\" arch=c000003e"));
  EXPECT_FALSE(parse_seccomp_kill("audit(1.2:3): pid=0 arch=c000003e syscall=83 code=0x80000000"));
}

TEST(AuditKills, TheKernelsRecordOfAKillReachesTheSocket) {
  if (::geteuid() != 0) GTEST_SKIP() << "the audit multicast group needs CAP_AUDIT_READ";
  const std::string unavailable = audit_kills_unavailable();
  ASSERT_EQ(unavailable, "");
  const UniqueFd socket = open_seccomp_audit_socket();
  const pid_t child = ::fork();
  if (child == 0) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == nullptr || seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(chroot), 0) != 0 ||
        seccomp_load(ctx) != 0)
      ::_exit(2);
    ::syscall(SYS_chroot, "/");
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
  // Other kills on the node may come first: ours is there, and only seccomp's records are.
  for (;;) {
    pollfd ready{socket.get(), POLLIN, 0};
    ASSERT_EQ(::poll(&ready, 1, 30000), 1) << "no record of the kill";
    char buf[9000];
    const ssize_t n = ::recv(socket.get(), buf, sizeof buf, 0);
    ASSERT_GT(n, static_cast<ssize_t>(NLMSG_HDRLEN));
    const auto* header = reinterpret_cast<const nlmsghdr*>(buf);
    EXPECT_EQ(header->nlmsg_type, kAuditSeccomp) << "the filter lets nothing else through";
    const auto kill =
        parse_seccomp_kill(std::string_view(buf + NLMSG_HDRLEN, static_cast<std::size_t>(n) - NLMSG_HDRLEN));
    if (!kill || kill->pid != child) continue;
    EXPECT_EQ(kill->syscall, SCMP_SYS(chroot));
    EXPECT_TRUE(kill->whole_process);
    break;
  }
}

}  // namespace
}  // namespace common
