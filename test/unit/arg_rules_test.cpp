// SPDX-License-Identifier: Apache-2.0
#include "arg_rules.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "constants.hpp"
#include "json_doc.hpp"
#include "plain_options.hpp"

namespace hooks {
namespace {

constexpr std::uint64_t kSolSocket = 1;
constexpr std::uint64_t kSoPriority = 12;
constexpr std::uint64_t kSoDebug = 1;
constexpr std::uint64_t kOptvalAddress = 0x7000;

constexpr const char* kRules = R"([
  {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
   "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
   "optval":{"op":"SCMP_CMP_GT","value":6}},
  {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","errnoRet":13,
   "args":[{"index":1,"value":1,"op":"SCMP_CMP_EQ"},{"index":2,"values":["SO_DEBUG","SO_MARK"],"op":"SCMP_CMP_EQ"}]},
  {"names":["personality"],"action":"SCMP_ACT_ERRNO",
   "args":[{"index":0,"values":[0,8,4294967295],"op":"SCMP_CMP_NE"}]}])";

/// A caller whose memory holds one int at kOptvalAddress; counts the reads.
struct FakeMemory {
  std::int32_t value = 0;
  int reads = 0;
  std::optional<std::vector<std::byte>> operator()(std::uint64_t address, std::size_t length) {
    ++reads;
    if (address != kOptvalAddress || length > sizeof value) return std::nullopt;
    std::vector<std::byte> bytes(length);
    std::memcpy(bytes.data(), &value, length);
    return bytes;
  }
};

Decision setsockopt(const ArgRules& rules, std::uint64_t option, std::int32_t value, FakeMemory& memory,
                    std::uint64_t length = 4) {
  memory.value = value;
  return rules.decide("setsockopt", {3, kSolSocket, option, kOptvalAddress, length, 0},
                      [&](std::uint64_t a, std::size_t l) { return memory(a, l); });
}

TEST(ArgRules, TheArticlesRules) {
  const auto rules = ArgRules::parse(kRules, "rules");
  FakeMemory memory;
  const auto allowed = setsockopt(rules, kSoPriority, 2, memory);
  EXPECT_EQ(allowed.kind, Decision::Kind::kCarryOut) << "judged from memory: carried out, never continued";
  ASSERT_EQ(allowed.optval.size(), 4u);
  EXPECT_EQ(memory.reads, 1);
  EXPECT_EQ(setsockopt(rules, kSoPriority, 7, memory).kind, Decision::Kind::kDeny);
  EXPECT_EQ(setsockopt(rules, kSoPriority, -1, memory).kind, Decision::Kind::kDeny) << "compared unsigned";
  const auto debug = setsockopt(rules, kSoDebug, 0, memory);
  EXPECT_EQ(debug.kind, Decision::Kind::kDeny);
  EXPECT_EQ(debug.errno_value, EACCES);
  EXPECT_EQ(setsockopt(rules, 2, 1, memory).kind, Decision::Kind::kContinue) << "SO_REUSEADDR: registers only";
}

TEST(ArgRules, MemoryIsReadOnceAndBadPointersFailAsTheKernelWould) {
  const auto rules = ArgRules::parse(kRules, "rules");
  FakeMemory memory;
  EXPECT_EQ(setsockopt(rules, kSoPriority, 2, memory, 2).errno_value, EINVAL) << "an int option needs 4 bytes";
  EXPECT_EQ(memory.reads, 0);
  const auto unreadable = rules.decide("setsockopt", {3, kSolSocket, kSoPriority, 0x1, 4, 0},
                                       [&](std::uint64_t a, std::size_t l) { return memory(a, l); });
  EXPECT_EQ(unreadable.kind, Decision::Kind::kFail);
  EXPECT_EQ(unreadable.errno_value, EFAULT);
}

TEST(ArgRules, NotEqualToAnyOfSeveralValues) {
  // "neither 0 nor 8 nor query": what runc's OR of comparisons cannot say.
  const auto rules = ArgRules::parse(kRules, "rules");
  const auto never = [](std::uint64_t, std::size_t) -> std::optional<std::vector<std::byte>> { return {}; };
  EXPECT_EQ(rules.decide("personality", {0, 0, 0, 0, 0, 0}, never).kind, Decision::Kind::kContinue);
  EXPECT_EQ(rules.decide("personality", {8, 0, 0, 0, 0, 0}, never).kind, Decision::Kind::kContinue);
  EXPECT_EQ(rules.decide("personality", {0x20000, 0, 0, 0, 0, 0}, never).kind, Decision::Kind::kDeny);
  EXPECT_EQ(rules.decide("chroot", {0, 0, 0, 0, 0, 0}, never).kind, Decision::Kind::kNoRule);
}

TEST(ArgRules, SyscallsAndOnly) {
  const auto rules = ArgRules::parse(kRules, "rules");
  EXPECT_EQ(rules.syscalls(), (std::set<std::string>{"personality", "setsockopt"}));
  const auto some = rules.only({"personality"});
  EXPECT_TRUE(some.judges("personality"));
  EXPECT_FALSE(some.judges("setsockopt"));
  EXPECT_TRUE(ArgRules::parse("[]", "r").empty());
}

TEST(ArgRules, ReadsMemoryOnlyWithAnOptvalRule) {
  EXPECT_TRUE(ArgRules::parse(kRules, "rules").reads_memory());
  EXPECT_FALSE(ArgRules::parse(R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","comment":"no optval"}])", "r")
                   .reads_memory());
}

TEST(ArgRules, ErrorsNameTheRuleAndWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({})", "expected an array of rules"},
      {R"([{"names":["x"],"action":"SCMP_ACT_ALLOW"}])", "rule 0: action must be SCMP_ACT_ERRNO"},
      {R"([{"names":[],"action":"SCMP_ACT_ERRNO"}])", "rule 0: names must be"},
      {R"([{"names":["x"],"action":"SCMP_ACT_ERRNO","args":[{"index":6,"value":1,"op":"SCMP_CMP_EQ"}]}])",
       "index must be 0 to 5"},
      {R"([{"names":["x"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":"SO_NOPE","op":"SCMP_CMP_EQ"}]}])",
       "unknown constant 'SO_NOPE'"},
      {R"([{"names":["x"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"values":[1],"op":"SCMP_CMP_GT"}]}])",
       "values goes with"},
      {R"([{"names":["socket"],"action":"SCMP_ACT_ERRNO","optval":{"value":1,"op":"SCMP_CMP_EQ"}}])",
       "optval is known for setsockopt only"},
      {R"([{"names":["x"],"action":"SCMP_ACT_ERRNO","argz":[]}])", "unknown member \"argz\""},
      {R"([{"names":["x"],"action":"SCMP_ACT_ERRNO","errnoRet":5000}])", "errnoRet must be 0 to 4095"},
      {R"([{"names":["x"],"action":"SCMP_ACT_ERRNO","comment":[[["deep"]]]}])", "comment must be a string"},
  };
  for (const auto& [json, expected] : cases) {
    try {
      (void)ArgRules::parse(json, "seccomp-witness.io/rules");
      ADD_FAILURE() << "accepted: " << json;
    } catch (const common::JsonError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("seccomp-witness.io/rules"), std::string::npos) << e.what();
    }
  }
}

// A carried-out call is made in the monitor's helper: an option whose value may
// hold a pointer (SO_ATTACH_FILTER) would be followed in the monitor's memory.
TEST(ArgRules, CarriedOutOnlyForPlainValueOptions) {
  const auto good = ArgRules::parse(kRules, "rules");
  EXPECT_EQ(carry_out_problem(good.rules()[0]), "");
  EXPECT_EQ(carry_out_problem(good.rules()[1]), "") << "no optval: nothing carried out";
  const auto bad = ArgRules::parse(R"([
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","optval":{"op":"SCMP_CMP_GT","value":6}},
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"}],
     "optval":{"op":"SCMP_CMP_GT","value":6}},
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
     "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},
             {"index":2,"values":["SO_PRIORITY","SO_ATTACH_FILTER"],"op":"SCMP_CMP_EQ"}],
     "optval":{"op":"SCMP_CMP_GT","value":6}},
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
     "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_GE"}],
     "optval":{"op":"SCMP_CMP_GT","value":6}}])",
                                   "rules");
  for (const auto& rule : bad.rules()) EXPECT_NE(carry_out_problem(rule), "");
  EXPECT_NE(carry_out_problem(bad.rules()[2]).find("level 1 option 26 is not a plain-value option"), std::string::npos);
  // Should such a rule be judged all the same, nothing is read for it.
  FakeMemory memory;
  const auto decision = setsockopt(bad, 26, 7, memory);
  EXPECT_EQ(decision.kind, Decision::Kind::kFail);
  EXPECT_EQ(memory.reads, 0);
  EXPECT_TRUE(plain_value_option(kSolSocket, kSoPriority));
  EXPECT_TRUE(plain_value_option(*constant_value("IPPROTO_IP"), *constant_value("IP_TOS")));
  EXPECT_FALSE(plain_value_option(kSolSocket, *constant_value("SO_ATTACH_BPF")));
}

// Not carried out, an allowed call gets the errno of the rule that read its value.
TEST(ArgRules, ACarryOutKnowsTheJudgingRulesErrno) {
  const auto rules = ArgRules::parse(R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","errnoRet":13,
    "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
    "optval":{"op":"SCMP_CMP_EQ","value":5}}])",
                                     "rules");
  FakeMemory memory;
  const auto allowed = setsockopt(rules, kSoPriority, 4, memory);
  EXPECT_EQ(allowed.kind, Decision::Kind::kCarryOut);
  EXPECT_EQ(allowed.errno_value, EACCES);
}

TEST(Constants, NamesAndFlags) {
  EXPECT_EQ(constant_value("SO_PRIORITY"), 12u);
  EXPECT_EQ(constant_value("CLONE_NEWUSER"), 0x10000000u);
  EXPECT_EQ(constant_value("NOPE"), std::nullopt);
  EXPECT_EQ(name_of(kSocketOptions, 12), "SO_PRIORITY");
  EXPECT_EQ(name_of(kSocketOptions, 999), "999");
  EXPECT_EQ(flag_names(kNamespaceFlags, 0x10000000 | 0x00020000), "CLONE_NEWNS|CLONE_NEWUSER");
  EXPECT_EQ(flag_names(kNamespaceFlags, 0x10000000 | 0x11), "CLONE_NEWUSER|0x11");
  EXPECT_EQ(flag_names(kNamespaceFlags, 0), "0");
}

}  // namespace
}  // namespace hooks
