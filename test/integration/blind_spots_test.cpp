// SPDX-License-Identifier: Apache-2.0
// Full coverage has no blind spots: calls that a profile denies because an
// argument condition of its allowing rules fails (clone with a namespace flag,
// personality beyond a few values) get the same answer as under plain runc and
// are counted with their argument values, while the calls those rules allow
// behave as under runc; `profile coverage` names no blind spot, and `suggest`
// allows exactly the values seen. Under Docker's default profile and
// containers-common's, resolved for runc spec's capabilities (no CAP_SYS_ADMIN),
// with real runc and crun (containerd's RuntimeDefault: test/cri).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <tuple>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// CLONE_NEWUSER|SIGCHLD, ADDR_NO_RANDOMIZE (setarch -R): denied; a plain fork's
// clone (sh running each command), personality(PER_LINUX) and the query
// 0xffffffff: allowed.
constexpr const char* kWorkload =
    "probe clone 0x10000011; probe personality 0x40000; probe personality 0; probe personality 0xffffffff; "
    "echo forked=$(echo yes)";

// clone returns twice, in an order of the scheduler's choosing, and the
// parent's answer is a pid: keep the parent's line, pid-free.
std::string without_pids(const std::string& out) {
  const std::string parent_only = std::regex_replace(out, std::regex("(^|\n)clone = 0\n"), "$1");
  return std::regex_replace(parent_only, std::regex(R"(clone = [1-9][0-9]*)"), "clone = <pid>");
}

// What the profile's default action answers: its errno, EPERM unless it says.
std::string default_answer(const rapidjson::Value& profile) {
  const int errno_ret = profile.HasMember("defaultErrnoRet") ? profile["defaultErrnoRet"].GetInt() : 1;
  return "personality = -1 errno=" + std::to_string(errno_ret) + " ";
}

const rapidjson::Value* syscall(const rapidjson::Document& summary, const std::string& name) {
  if (!summary.HasMember("syscalls")) return nullptr;
  for (const auto& s : summary["syscalls"].GetArray())
    if (name == s["name"].GetString()) return &s;
  return nullptr;
}

using Param = std::tuple<const char*, const char*>;  // runtime, profile

class BlindSpots : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override { REQUIRE_CONTAINERS(runtime_); }

  CommandResult run_workload(const std::string& id, const rapidjson::Value& seccomp, bool opted_in) {
    Bundle bundle;
    bundle.set_seccomp(seccomp);
    bundle.set_args({"sh", "-c", kWorkload});
    if (opted_in) {
      bundle.set_annotation("seccomp-witness.io/action", "log");
      bundle.set_annotation("seccomp-witness.io/coverage", "full");
    }
    bundle.save();
    RuntimeRoot root(runtime_);
    return run(opted_in ? env_path("WRAPPER") : runtime_, {"--root", root.path(), "run", "-b", bundle.path(), id},
               wrapper_.env());
  }

  CommandResult ctl(std::vector<std::string> rest) const {
    rest.insert(rest.begin(), {"--state-dir", wrapper_.state_root()});
    return run(env_path("CTL"), rest, wrapper_.env());
  }

  std::string runtime_ = env_path(std::get<0>(GetParam()));
  const char* profile_env_ = std::get<1>(GetParam());
  WrapperEnv wrapper_{runtime_};
};

TEST_P(BlindSpots, DeniedByConditionsIsSeenAndAnsweredAsWithoutUs) {
  Bundle shape;
  const rapidjson::Document profile = resolved_profile(profile_env_, shape);
  const CommandResult plain = run_workload("plain", profile, false);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find(default_answer(profile)), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("forked=yes"), std::string::npos);

  const CommandResult ours = run_workload("ours", profile, true);
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(without_pids(ours.out), without_pids(plain.out)) << "the container sees what it sees without us";
  const auto summary = wrapper_.final_summary("ours");
  EXPECT_EQ(common::to_json(summary["blindSpots"]), "[]");
  // Counted, once each, with the values a profile can allow them by.
  const auto* personality = syscall(summary, "personality");
  ASSERT_NE(personality, nullptr) << common::to_json(summary);
  EXPECT_EQ((*personality)["count"].GetUint64(), 1u) << "the allowed calls never count";
  EXPECT_EQ(common::to_json((*personality)["arguments"]),
            R"([[{"index":0,"value":262144,"valueTwo":0,"op":"SCMP_CMP_EQ"}]])");
  if (std::string(profile_env_) == "DOCKER_DEFAULT_PROFILE") {
    const auto* clone = syscall(summary, "clone");
    ASSERT_NE(clone, nullptr) << common::to_json(summary);
    EXPECT_EQ((*clone)["count"].GetUint64(), 1u) << "forks are allowed, and never reach the monitor";
    // Recorded as the bit of the namespace mask that was set: arg0 & mask == CLONE_NEWUSER.
    EXPECT_NE(common::to_json((*clone)["arguments"]).find(R"("valueTwo":268435456,"op":"SCMP_CMP_MASKED_EQ")"),
              std::string::npos)
        << common::to_json((*clone)["arguments"]);
  }

  // What the profile shows an operator: no blind spot left.
  ScratchDir dir;
  const std::string file = dir.path() + "/profile.json";
  std::ofstream(file) << common::to_json(profile);
  const CommandResult coverage = run(env_path("CTL"), {"profile", "coverage", file});
  EXPECT_EQ(coverage.exit_code, 0) << coverage.err;
  EXPECT_TRUE(std::regex_search(coverage.out, std::regex(R"(blind spots[^\n]*\(0\):\n)"))) << coverage.out;

  // The loop closes: personality(ADDR_NO_RANDOMIZE) is allowed under the
  // suggestion, and nothing else it did not do.
  const CommandResult suggested = ctl({"suggest", "ours"});
  ASSERT_EQ(suggested.exit_code, 0) << suggested.err;
  EXPECT_EQ(suggested.err.find("denied unseen"), std::string::npos) << suggested.err;
  const auto suggestion = common::parse_json(suggested.out, "suggestion");
  const CommandResult after = run_workload("after", suggestion, false);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.out.find("personality = 0"), std::string::npos) << after.out;
  EXPECT_EQ(after.out.find(default_answer(profile)), std::string::npos) << after.out;
  if (std::string(profile_env_) == "DOCKER_DEFAULT_PROFILE") {
    EXPECT_NE(without_pids(after.out).find("clone = <pid>"), std::string::npos) << after.out;
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, BlindSpots,
                         ::testing::Combine(::testing::Values("RUNC", "CRUN"),
                                            ::testing::Values("DOCKER_DEFAULT_PROFILE", "CONTAINERS_COMMON_PROFILE")));

}  // namespace
}  // namespace itest
