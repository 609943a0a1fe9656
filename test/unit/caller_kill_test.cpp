// SPDX-License-Identifier: Apache-2.0
#include "linux/caller_kill.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>

namespace common {
namespace {

/// A /proc/<tid>/status as the kernel writes it, with the fields that matter.
std::string status(const std::string& nspid, const std::string& blocked, const std::string& ignored,
                   const std::string& caught) {
  return "Name:\tprobe\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4243\nPPid:\t1\n"
         "NSpid:\t" +
         nspid + "\nThreads:\t2\nSigQ:\t0/31398\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t" +
         blocked + "\nSigIgn:\t" + ignored + "\nSigCgt:\t" + caught + "\nCapInh:\t0000000000000000\n";
}

constexpr const char* kNone = "0000000000000000";
constexpr const char* kSigsys = "0000000040000000";  // bit 31 - 1

TEST(CallerKill, DefaultSigsysGetsSigsys) {
  const auto state = parse_thread_status(status("4243\t7", kNone, kNone, "0000000000004000"));
  ASSERT_TRUE(state);
  EXPECT_EQ(state->tgid, 4242);
  EXPECT_FALSE(state->namespace_init);
  EXPECT_TRUE(state->sigsys_default);
  EXPECT_EQ(kill_signal(*state), KillSignal::kSigsys);
}

TEST(CallerKill, SigsysThatWouldNotLandGetsSigkill) {
  for (const auto& text : {status("4243\t7", kSigsys, kNone, kNone), status("4243\t7", kNone, kSigsys, kNone),
                           status("4243\t7", kNone, kNone, "ffffffffffffffff")}) {
    const auto state = parse_thread_status(text);
    ASSERT_TRUE(state);
    EXPECT_FALSE(state->sigsys_default);
    EXPECT_EQ(kill_signal(*state), KillSignal::kSigkill);
  }
}

TEST(CallerKill, InitOfAPidNamespaceGetsSigkill) {
  // The kernel drops every signal but SIGKILL/SIGSTOP to an init with default handlers.
  const auto state = parse_thread_status(status("4243\t1", kNone, kNone, kNone));
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->namespace_init);
  EXPECT_EQ(kill_signal(*state), KillSignal::kSigkill);
  // In the host's own namespace there is one pid only.
  const auto host = parse_thread_status(status("4243", kNone, kNone, kNone));
  ASSERT_TRUE(host);
  EXPECT_FALSE(host->namespace_init);
}

TEST(CallerKill, IncompleteStatusIsRefused) {
  EXPECT_FALSE(parse_thread_status(""));
  EXPECT_FALSE(parse_thread_status("Tgid:\t12\nSigBlk:\t0\nSigIgn:\t0\n"));  // no SigCgt
  EXPECT_FALSE(parse_thread_status("Tgid:\tx\nSigBlk:\t0\nSigIgn:\t0\nSigCgt:\t0\n"));
  EXPECT_FALSE(parse_thread_status("Tgid:\t12\nSigBlk:\tzz\nSigIgn:\t0\nSigCgt:\t0\n"));
}

TEST(CallerKill, ReadsThisThread) {
  const auto state = read_thread_status(::getpid());
  ASSERT_TRUE(state);
  EXPECT_EQ(state->tgid, ::getpid());
  EXPECT_FALSE(read_thread_status(0));
}

}  // namespace
}  // namespace common
