// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_rewrite.hpp"

#include <gtest/gtest.h>

#include <set>

#include "json_doc.hpp"
#include "profile/seccomp_actions.hpp"
#include "profile/seccomp_profile_import.hpp"
#include "test_support.hpp"

namespace common {
namespace {

using rapidjson::Value;

constexpr std::string_view kSocket = "/run/seccomp-witness/edge/notify.sock";

rapidjson::Document parse(std::string_view text) {
  return parse_json(text, "test");
}

TEST(SeccompRewrite, EdgeCasesMatchTheHandWrittenExpectation) {
  auto config = test::load_json(test::data_path("edge_cases.config.json"));
  const auto expected = test::load_json(test::data_path("edge_cases.rewritten.json"));
  const RewriteResult result = rewrite_seccomp(config, kSocket);
  EXPECT_EQ(result.outcome, RewriteOutcome::kRewritten);
  EXPECT_EQ(result.rules_rewritten, 6u);
  EXPECT_EQ(result.rules_split, 1u);
  EXPECT_EQ(test::canonical(config), test::canonical(expected));
}

TEST(SeccompRewrite, Uint64AndDoublesSurviveTextually) {
  auto config = parse(R"({"a":18446744073709551615,"b":-9223372036854775808,"c":0.1,"d":1.5e300,"e":1e-7,)"
                      R"("linux":{"seccomp":{"syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO",)"
                      R"("args":[{"index":0,"value":18446744073709551614,"op":"SCMP_CMP_GT"}]}]}}})");
  ASSERT_EQ(rewrite_seccomp(config, kSocket).outcome, RewriteOutcome::kRewritten);
  const std::string out = to_json(config);
  EXPECT_NE(out.find(R"("a":18446744073709551615,"b":-9223372036854775808,"c":0.1,"d":1.5e300,"e":1e-7,)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("value":18446744073709551614)"), std::string::npos) << out;
}

TEST(SeccompRewrite, NothingToDoLeavesTheDocumentAlone) {
  for (const char* file : {"empty_rules.config.json", "only_write_denied.config.json"}) {
    auto config = test::load_json(test::data_path(file));
    const std::string before = test::canonical(config);
    EXPECT_EQ(rewrite_seccomp(config, kSocket).outcome, RewriteOutcome::kNothingToRewrite) << file;
    EXPECT_EQ(test::canonical(config), before) << file;
  }
}

TEST(SeccompRewrite, ListenerPathAlreadySetIsNotOurs) {
  auto config = test::load_json(test::data_path("listener_set.config.json"));
  const std::string before = test::canonical(config);
  EXPECT_EQ(rewrite_seccomp(config, kSocket).outcome, RewriteOutcome::kListenerPathSet);
  EXPECT_EQ(test::canonical(config), before);
}

TEST(SeccompRewrite, EmptyListenerPathIsFilledInPlace) {
  auto config = parse(
      R"({"linux":{"seccomp":{"listenerPath":"","syscalls":[{"names":["chroot"],"action":"SCMP_ACT_KILL"}],"x":1}}})");
  ASSERT_EQ(rewrite_seccomp(config, kSocket).outcome, RewriteOutcome::kRewritten);
  EXPECT_EQ(to_json(config), R"({"linux":{"seccomp":{"listenerPath":"/run/seccomp-witness/edge/notify.sock",)"
                             R"("syscalls":[{"names":["chroot"],"action":"SCMP_ACT_NOTIFY"}],"x":1}}})");
}

TEST(SeccompRewrite, NoSeccompSection) {
  for (const char* text :
       {R"({"ociVersion":"1.0.2"})", R"({"linux":{}})", R"({"linux":null})", R"({"linux":{"seccomp":null}})"}) {
    auto config = parse(text);
    EXPECT_EQ(rewrite_seccomp(config, kSocket).outcome, RewriteOutcome::kNoSeccomp) << text;
    EXPECT_EQ(to_json(config), to_json(parse(text)));
  }
}

TEST(SeccompRewrite, KeysMatchIgnoringCaseAsRuncDoes) {
  auto config =
      parse(R"({"Linux":{"Seccomp":{"Syscalls":[{"Names":["chroot"],"Action":"SCMP_ACT_ERRNO","ErrnoRet":1}]}}})");
  ASSERT_EQ(rewrite_seccomp(config, kSocket).outcome, RewriteOutcome::kRewritten);
  EXPECT_EQ(to_json(config), R"({"Linux":{"Seccomp":{"Syscalls":[{"Names":["chroot"],"Action":"SCMP_ACT_NOTIFY"}],)"
                             R"("listenerPath":"/run/seccomp-witness/edge/notify.sock"}}})");
}

TEST(SeccompRewrite, MalformedSectionsThrowAndChangeNothing) {
  const char* cases[] = {
      R"({"linux":"x"})",
      R"({"linux":{"seccomp":[]}})",
      R"({"linux":{"seccomp":{"syscalls":{}}}})",
      R"({"linux":{"seccomp":{"syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"},5]}}})",
      R"({"linux":{"seccomp":{"syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"},{"names":"chroot","action":"SCMP_ACT_ERRNO"}]}}})",
      R"({"linux":{"seccomp":{"syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"},{"names":[1],"action":"SCMP_ACT_ERRNO"}]}}})",
      R"({"linux":{"seccomp":{"syscalls":[{"names":["chroot"],"action":7}]}}})",
      R"({"linux":{"seccomp":{"listenerPath":3,"syscalls":[]}}})",
      R"({"linux":{"seccomp":{"syscalls":[],"Syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"}]}}})",
  };
  for (const char* text : cases) {
    auto config = parse(text);
    EXPECT_THROW((void)rewrite_seccomp(config, kSocket), JsonError) << text;
    EXPECT_EQ(to_json(config), to_json(parse(text))) << text;
  }
}

TEST(SeccompRewrite, ErrorsNameTheField) {
  auto config =
      parse(R"({"linux":{"seccomp":{"syscalls":[{"names":["a"],"action":"SCMP_ACT_ALLOW"},{"action":[]}]}}})");
  try {
    (void)rewrite_seccomp(config, kSocket);
    FAIL() << "expected JsonError";
  } catch (const JsonError& e) {
    EXPECT_STREQ(e.what(), "linux.seccomp.syscalls[1].action: expected a string, got array");
  }
}

/// Checks, rule by rule, what the rewrite of a real profile must be.
void expect_faithful_rewrite(const Value& original_seccomp, const Value& rewritten_seccomp) {
  const Value& before = original_seccomp["syscalls"];
  const Value& after = rewritten_seccomp["syscalls"];
  rapidjson::SizeType j = 0;
  std::size_t notified = 0;
  for (const Value& rule : before.GetArray()) {
    ASSERT_LT(j, after.Size());
    const std::string action = rule["action"].GetString();
    if (!is_denying_action(action)) {
      EXPECT_EQ(test::canonical(after[j++]), test::canonical(rule));
      continue;
    }
    std::vector<std::string> notify_names;
    std::vector<std::string> kept_names;
    for (const Value& n : rule["names"].GetArray())
      (runtime_refuses_notify(n.GetString()) ? kept_names : notify_names).push_back(n.GetString());
    const Value& out = after[j++];
    if (notify_names.empty()) {
      EXPECT_EQ(test::canonical(out), test::canonical(rule));
      continue;
    }
    ++notified;
    EXPECT_STREQ(out["action"].GetString(), "SCMP_ACT_NOTIFY");
    EXPECT_FALSE(out.HasMember("errnoRet"));
    std::vector<std::string> got;
    for (const Value& n : out["names"].GetArray()) got.push_back(n.GetString());
    EXPECT_EQ(got, notify_names);
    // Every other member is the same, in the same order.
    auto o = out.MemberBegin();
    for (auto m = rule.MemberBegin(); m != rule.MemberEnd(); ++m) {
      const std::string name = m->name.GetString();
      if (name == "errnoRet") continue;
      ASSERT_NE(o, out.MemberEnd());
      EXPECT_EQ(std::string(o->name.GetString()), name);
      if (name != "action" && name != "names") {
        EXPECT_EQ(test::canonical(o->value), test::canonical(m->value));
      }
      ++o;
    }
    if (!kept_names.empty()) {
      const Value& kept = after[j++];
      EXPECT_STREQ(kept["action"].GetString(), action.c_str());
      EXPECT_EQ(kept["names"].Size(), kept_names.size());
    }
  }
  EXPECT_EQ(j, after.Size());
  EXPECT_GT(notified, 0u);
  EXPECT_STREQ(rewritten_seccomp["listenerPath"].GetString(), kSocket.data());
  // Nothing else in the section changed.
  for (auto m = original_seccomp.MemberBegin(); m != original_seccomp.MemberEnd(); ++m) {
    if (std::string_view(m->name.GetString()) == "syscalls") continue;
    EXPECT_EQ(test::canonical(rewritten_seccomp[m->name]), test::canonical(m->value)) << m->name.GetString();
  }
}

class DebianProfile : public ::testing::TestWithParam<const char*> {};

TEST_P(DebianProfile, RewriteIsFaithfulForEveryCapabilitySet) {
  const auto profile = test::load_json(test::env_path(GetParam()));
  // runc spec's defaults, podman's defaults, and a privileged-ish set.
  const std::vector<std::vector<std::string>> cap_sets{
      {"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"},
      {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP",
       "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"},
      {"CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_CHROOT", "CAP_NET_ADMIN"},
  };
  for (const auto& caps : cap_sets) {
    const auto seccomp = resolve_docker_profile(profile, ProfileTarget{"SCMP_ARCH_X86_64", caps, "6.1"});
    rapidjson::Document config;
    config.SetObject();
    Value linux(rapidjson::kObjectType);
    linux.AddMember("seccomp", Value(seccomp, config.GetAllocator()), config.GetAllocator());
    config.AddMember("linux", linux, config.GetAllocator());

    bool denies = false;
    for (const Value& rule : seccomp["syscalls"].GetArray())
      denies = denies || is_denying_action(rule["action"].GetString());
    const std::string before = test::canonical(config);
    const RewriteOutcome outcome = rewrite_seccomp(config, kSocket).outcome;
    if (!denies) {
      // e.g. Docker's profile with CAP_SYS_ADMIN: all it denies falls to defaultAction.
      EXPECT_EQ(outcome, RewriteOutcome::kNothingToRewrite);
      EXPECT_EQ(test::canonical(config), before);
      continue;
    }
    ASSERT_EQ(outcome, RewriteOutcome::kRewritten);
    expect_faithful_rewrite(seccomp, config["linux"]["seccomp"]);
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, DebianProfile,
                         ::testing::Values("CONTAINERS_COMMON_PROFILE", "DOCKER_DEFAULT_PROFILE"));

}  // namespace
}  // namespace common
