// SPDX-License-Identifier: Apache-2.0
#include "state/profile_suggest.hpp"

#include <gtest/gtest.h>
#include <linux/audit.h>

#include <algorithm>

#include "json_doc.hpp"

namespace common {
namespace {

/// Default-deny, as containers-common's: chroot denied by name with others,
/// socket denied under a condition, getpid allowed.
constexpr const char* kDenyByDefault = R"({"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,
  "architectures":["SCMP_ARCH_X86_64"],"listenerPath":"/run/agent.sock",
  "syscalls":[{"names":["getpid"],"action":"SCMP_ACT_ALLOW"},
    {"names":["chroot","acct"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
    {"names":["swapoff"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
    {"names":["socket"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":40,"op":"SCMP_CMP_EQ"}]}]})";

SeenSyscall seen(const std::string& name, std::vector<ArgumentKey> arguments = {}) {
  return SeenSyscall{name, 2, "violation", {"sh (/bin/busybox)"}, std::move(arguments), 0};
}

/// The rules of `s` that name `syscall`.
std::vector<const rapidjson::Value*> rules_naming(const rapidjson::Value& s, const std::string& syscall) {
  std::vector<const rapidjson::Value*> out;
  for (const auto& rule : s["syscalls"].GetArray())
    for (const auto& n : rule["names"].GetArray())
      if (syscall == n.GetString()) out.push_back(&rule);
  return out;
}

TEST(ProfileSuggest, AllowsWhatWasSeenAndNothingElse) {
  const auto original = parse_json(kDenyByDefault, "profile");
  const Suggestion s = suggest_profile(original, {seen("chroot"), seen("swapoff")});
  EXPECT_FALSE(s.seccomp.HasMember("listenerPath")) << "the listener is the recorder's, not the workload's";
  EXPECT_EQ(s.seccomp["defaultErrnoRet"].GetInt(), 38);
  // chroot leaves the rule that denied it with acct; swapoff's rule goes, empty.
  const auto acct = rules_naming(s.seccomp, "acct");
  ASSERT_EQ(acct.size(), 1u);
  EXPECT_EQ((*acct[0])["names"].Size(), 1u);
  for (const char* name : {"chroot", "swapoff"}) {
    const auto rules = rules_naming(s.seccomp, name);
    ASSERT_EQ(rules.size(), 1u) << name;
    EXPECT_STREQ((*rules[0])["action"].GetString(), "SCMP_ACT_ALLOW");
    EXPECT_FALSE(rules[0]->HasMember("args"));
    EXPECT_NE(std::string((*rules[0])["comment"].GetString()).find("2 calls by sh (/bin/busybox)"), std::string::npos);
  }
  EXPECT_TRUE(rules_naming(s.seccomp, "acct").size() == 1 && rules_naming(s.seccomp, "getpid").size() == 1);
  EXPECT_EQ(s.seccomp["syscalls"].Size(), 5u) << "getpid, acct, socket, and one rule each for chroot and swapoff";
  EXPECT_TRUE(s.imprecise.empty());
  EXPECT_EQ(s.changes.size(), 4u);
}

TEST(ProfileSuggest, AllowsOnlyTheArgumentValuesSeen) {
  const auto original = parse_json(kDenyByDefault, "profile");
  const ArgumentKey sndbuf = argument_key("setsockopt", AUDIT_ARCH_X86_64, {3, 1, 7, 0, 0, 0});
  const ArgumentKey rcvbuf = argument_key("setsockopt", AUDIT_ARCH_X86_64, {3, 1, 8, 0, 0, 0});
  const Suggestion s = suggest_profile(original, {seen("setsockopt", {sndbuf, rcvbuf})});
  const auto rules = rules_naming(s.seccomp, "setsockopt");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ((*rules[1])["args"][1]["value"].GetUint64(), 8u);
  EXPECT_STREQ((*rules[1])["args"][1]["op"].GetString(), "SCMP_CMP_EQ");
  ASSERT_EQ(s.narrowed.size(), 1u);
}

TEST(ProfileSuggest, WhatItCannotSayNarrowlyItNames) {
  const auto original = parse_json(kDenyByDefault, "profile");
  SeenSyscall many = seen("personality", {argument_key("personality", AUDIT_ARCH_X86_64, {8, 0, 0, 0, 0, 0})});
  many.arguments_dropped = 3;
  const Suggestion s = suggest_profile(original, {seen("socket"), many, seen("clone3")});
  // socket is denied under a condition: left as it was, not allowed.
  const auto socket = rules_naming(s.seccomp, "socket");
  ASSERT_EQ(socket.size(), 1u);
  EXPECT_STREQ((*socket[0])["action"].GetString(), "SCMP_ACT_ERRNO");
  // personality: more values than kept, so allowed whole.
  const auto personality = rules_naming(s.seccomp, "personality");
  ASSERT_EQ(personality.size(), 1u);
  EXPECT_FALSE(personality[0]->HasMember("args"));
  ASSERT_EQ(s.imprecise.size(), 3u);
  EXPECT_EQ(s.imprecise[0].rfind("socket:", 0), 0u);
  EXPECT_EQ(s.imprecise[1].rfind("personality:", 0), 0u);
  EXPECT_EQ(s.imprecise[2].rfind("clone3:", 0), 0u);
}

TEST(ProfileSuggest, UnderADefaultThatAllowsTakingTheNameOutIsEnough) {
  const auto original = parse_json(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
    {"names":["chroot","setsockopt"],"action":"SCMP_ACT_ERRNO"}]})",
                                   "profile");
  const Suggestion s = suggest_profile(
      original, {seen("chroot"), seen("setsockopt", {argument_key("setsockopt", AUDIT_ARCH_X86_64, {3, 1, 7})})});
  EXPECT_TRUE(s.seccomp["syscalls"].Empty()) << "the deny rule is gone, and nothing needs allowing";
  ASSERT_EQ(s.imprecise.size(), 1u) << "setsockopt is now allowed for every option";
  EXPECT_EQ(s.imprecise[0].rfind("setsockopt:", 0), 0u);
}

TEST(ProfileSuggest, SeenSyscallsOfAWorkloadAreFoldedTogether) {
  ContainerSummary a;
  a.syscalls.push_back(
      SyscallSummary{"chroot", 2, 2, "violation", "errno", 1, "", "", {{1, "sh", "/bin/sh"}}, 0, {}, {}, 0});
  ContainerSummary b = a;
  b.syscalls[0].callers = {{2, "python3", "/usr/bin/python3"}};
  b.syscalls.push_back(SyscallSummary{"clone3", 5, 0, "probe", "errno", 38, "", "", {}, 0, {}, {}, 0});
  const auto all = seen_syscalls({a, b});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].count, 4u);
  EXPECT_EQ(all[0].callers.size(), 2u);
  EXPECT_EQ(all[1].klass, "probe");
  // A container names its own tasks: nothing of that breaks a comment or a terminal.
  b.syscalls[0].callers = {{3, "evil\n\x1b[2J", "/x"}};
  EXPECT_EQ(seen_syscalls({b})[0].callers[0], "evil\\x0a\\x1b[2J (/x)");
}

}  // namespace
}  // namespace common
