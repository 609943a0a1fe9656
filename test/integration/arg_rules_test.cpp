// SPDX-License-Identifier: Apache-2.0
// Argument rules that seccomp BPF cannot express, with real runc and crun: the
// test of the article on CAP_NET_ADMIN and SO_PRIORITY, run by our probe in a
// container under containers-common's profile. Allowed calls are carried out by
// the monitor for the caller; getsockopt shows that the value took effect.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// Deny SO_PRIORITY above 6 (as unsigned: -1 too), and SO_DEBUG, SO_RCVBUFFORCE and
// SO_SNDBUFFORCE at any value.
constexpr const char* kRules = R"([
  {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
   "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
   "optval":{"op":"SCMP_CMP_GT","value":6}},
  {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
   "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},
           {"index":2,"values":["SO_DEBUG","SO_RCVBUFFORCE","SO_SNDBUFFORCE"],"op":"SCMP_CMP_EQ"}]}])";

// probe sockopt LEVEL OPTNAME VALUE; SOL_SOCKET=1, SO_PRIORITY=12, SO_DEBUG=1,
// SO_RCVBUFFORCE=33, SO_SNDBUFFORCE=32, SO_REUSEADDR=2.
constexpr const char* kScript =
    "probe sockopt 1 12 2; probe sockopt 1 12 7; probe sockopt 1 12 -1; probe sockopt 1 1 1; "
    "probe sockopt 1 33 65536; probe sockopt 1 32 65536; probe sockopt 1 2 1";

class ArgRulesTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    REQUIRE_CONTAINERS(runtime_);
    // The rules come from the annotation; the operator lets them judge option values.
    wrapper_.configure("carry_out_from_annotation = true");
  }

  CommandResult watched(const std::string& id, const std::string& rules) {
    bundle_.set_seccomp(resolved_profile("CONTAINERS_COMMON_PROFILE", bundle_));
    bundle_.set_annotation("seccomp-witness.io/action", "log");
    bundle_.set_annotation("seccomp-witness.io/rules", rules);
    bundle_.save();
    return run(env_path("WRAPPER"), {"--root", root_.path(), "--log", log(), "run", "-b", bundle_.path(), id},
               wrapper_.env());
  }
  /// The runtime log the wrapper writes its info lines to.
  std::string log() const { return logs_.path() + "/runtime.log"; }

  ScratchDir logs_;
  std::string runtime_ = env_path(GetParam());
  RuntimeRoot root_{runtime_};
  WrapperEnv wrapper_{runtime_};
  Bundle bundle_;
};

TEST_P(ArgRulesTest, TheArticlesTestWithCapNetAdmin) {
  bundle_.add_capability("CAP_NET_ADMIN");
  bundle_.set_args({"sh", "-c", kScript});
  const CommandResult r = watched("article", kRules);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "setsockopt = 0 getsockopt=2\n"                       // allowed, carried out: it took effect
            "setsockopt = -1 errno=1 (EPERM) getsockopt=0\n"      // 7 > 6
            "setsockopt = -1 errno=1 (EPERM) getsockopt=0\n"      // -1 is 0xffffffff > 6
            "setsockopt = -1 errno=1 (EPERM) getsockopt=0\n"      // SO_DEBUG
            "setsockopt = -1 errno=1 (EPERM) getsockopt=error\n"  // SO_RCVBUFFORCE (not readable back)
            "setsockopt = -1 errno=1 (EPERM) getsockopt=error\n"  // SO_SNDBUFFORCE
            "setsockopt = 0 getsockopt=1\n")                      // SO_REUSEADDR: no rule holds
      << r.err;
  EXPECT_NE(read_if_exists(log()).find("1 judged by argument rules"), std::string::npos) << read_if_exists(log());

  const auto s = wrapper_.final_summary("article");
  ASSERT_TRUE(s.HasMember("total")) << common::to_json(s);
  EXPECT_EQ(s["total"].GetUint64(), 5u);
  ASSERT_EQ(s["syscalls"].Size(), 1u);
  EXPECT_STREQ(s["syscalls"][0]["name"].GetString(), "setsockopt");
  EXPECT_EQ(s["syscalls"][0]["errno"].GetInt(), 1);
  EXPECT_EQ(common::to_json(s["syscalls"][0]["details"]),
            R"json(["setsockopt(SOL_SOCKET, SO_PRIORITY, 7)","setsockopt(SOL_SOCKET, SO_PRIORITY, -1)",)json"
            R"json("setsockopt(SOL_SOCKET, SO_DEBUG, 1)","setsockopt(SOL_SOCKET, SO_RCVBUFFORCE, 65536)",)json"
            R"json("setsockopt(SOL_SOCKET, SO_SNDBUFFORCE, 65536)"])json");
}

TEST_P(ArgRulesTest, CarriedOutCallsHaveOnlyTheCallersCapabilities) {
  // Without CAP_NET_ADMIN the kernel refuses SO_PRIORITY above 6, whatever the
  // rules allow; the monitor, root with every capability, must not lend its own.
  bundle_.set_args({"sh", "-c", "probe sockopt 1 12 5; probe sockopt 1 12 7"});
  const CommandResult r = watched("caps", R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
      "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
      "optval":{"op":"SCMP_CMP_GT","value":100}}])");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "setsockopt = 0 getsockopt=5\nsetsockopt = -1 errno=1 (EPERM) getsockopt=0\n") << r.err;
  const auto s = wrapper_.final_summary("caps");
  ASSERT_TRUE(s.HasMember("total")) << common::to_json(s);
  EXPECT_EQ(s["total"].GetUint64(), 0u) << "the kernel refused it, not a rule";
}

TEST_P(ArgRulesTest, BrokenRulesAreLeftOutAndTheContainerStillRuns) {
  bundle_.set_args({"sh", "-c", "probe sockopt 1 12 7"});
  const CommandResult r = watched("broken", R"([{"names":["setsockopt"],"action":"SCMP_ACT_ALLOW"}])");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "setsockopt = -1 errno=1 (EPERM) getsockopt=0\n");  // the kernel's own answer, no CAP_NET_ADMIN
  EXPECT_NE(read_if_exists(log()).find(
                "argument rules left out: seccomp-witness.io/rules: rule 0: action must be SCMP_ACT_ERRNO"),
            std::string::npos)
      << read_if_exists(log());
}

INSTANTIATE_TEST_SUITE_P(Runtimes, ArgRulesTest, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
