// SPDX-License-Identifier: Apache-2.0
// Opted-in containers through the wrapper with real runc and crun: the shipped
// profiles, rewritten, must still start busybox the same way, and the syscalls
// they deny must reach the monitor.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "file_io.hpp"
#include "fixture.hpp"
#include "json_doc.hpp"
#include "profile/seccomp_actions.hpp"
#include "profile/seccomp_profile_import.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

constexpr const char* kScript = "echo started; ls /proc/self/fd; chroot /tmp; echo chroot=$?";

std::string read(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return "";
  return common::read_regular_file(path, 1 << 20);
}

struct Case {
  const char* runtime;
  const char* profile;
};

class OptedIn : public ::testing::TestWithParam<Case> {};

TEST_P(OptedIn, RewrittenProfileRunsAndNotifies) {
  const std::string runtime = env_path(GetParam().runtime);
  REQUIRE_CONTAINERS(runtime);
  const WrapperEnv wrapper(runtime, env_path("MONITOR"));

  Bundle bundle;
  const auto seccomp = resolved_profile(GetParam().profile, bundle);
  bundle.set_seccomp(seccomp);
  bundle.set_args({"sh", "-c", kScript});
  bundle.save();

  // The same container under the plain runtime, for comparison.
  RuntimeRoot plain_root(runtime);
  const CommandResult plain = run(runtime, {"--root", plain_root.path(), "run", "-b", bundle.path(), "c1"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;

  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.save();
  RuntimeRoot root(runtime);
  const CommandResult r =
      run(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), "c1"}, wrapper.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Same output: the profile still loads, the same fds, chroot still fails.
  EXPECT_EQ(r.out, plain.out);
  EXPECT_NE(r.out.find("started"), std::string::npos);
  EXPECT_NE(r.out.find("chroot=1"), std::string::npos) << r.out;

  const std::string state_dir = wrapper.state_root() + "/c1";
  const auto rewritten = common::parse_json(bundle.config_text(), "config.json");
  EXPECT_EQ(std::string(rewritten["linux"]["seccomp"]["listenerPath"].GetString()), state_dir + "/notify.sock");
  // The monitor got the profile as it was written, to answer as it would.
  const auto spec = common::parse_json(read(state_dir + "/monitor.json"), "monitor.json");
  EXPECT_EQ(common::to_json(spec["seccomp"]), common::to_json(seccomp));

  const auto summary = wrapper.final_summary("c1");
  // Full coverage (the default) sees chroot whether a rule or the default action denies it.
  EXPECT_EQ(summary["total"].GetUint64(), 1u) << common::to_json(summary);
  EXPECT_STREQ(summary["syscalls"][0]["name"].GetString(), "chroot");
  EXPECT_STREQ(summary["coverage"].GetString(), "full");
  // Nothing on stderr that runc would not print; the monitor is the proof it is watched.
  EXPECT_EQ(r.err, plain.err);
  EXPECT_NE(read(state_dir + "/monitor.log").find("container c1: monitor started (stop"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    ShippedProfiles, OptedIn,
    ::testing::Values(Case{"RUNC", "CONTAINERS_COMMON_PROFILE"}, Case{"RUNC", "DOCKER_DEFAULT_PROFILE"},
                      Case{"CRUN", "CONTAINERS_COMMON_PROFILE"}, Case{"CRUN", "DOCKER_DEFAULT_PROFILE"}),
    [](const auto& info) {
      return std::string(info.param.runtime) + "_" + (info.param.profile[0] == 'C' ? "containers_common" : "docker");
    });

/// Creates `id` through the wrapper and says what config.json looked like after.
struct Unchanged {
  CommandResult result;
  std::string before;
  std::string after;
};

Unchanged create_through_wrapper(Bundle& bundle, const std::string& monitor, const std::string& root,
                                 const std::vector<std::string>& extra_global = {}) {
  const WrapperEnv wrapper(env_path("RUNC"), monitor);
  Unchanged u;
  u.before = bundle.config_text();
  std::vector<std::string> args{"--root", root};
  args.insert(args.end(), extra_global.begin(), extra_global.end());
  args.insert(args.end(), {"run", "-b", bundle.path(), "c2"});
  u.result = run(env_path("WRAPPER"), args, wrapper.env());
  u.after = bundle.config_text();
  return u;
}

class OptedInFallback : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_CONTAINERS(env_path("RUNC"));
    bundle_.set_seccomp(common::parse_json(
        R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]})",
        "profile"));
    bundle_.set_args({"sh", "-c", "chroot /tmp; echo chroot=$?"});
    bundle_.set_annotation("seccomp-witness.io/action", "stop");
  }
  Bundle bundle_;
  RuntimeRoot root_{env_path("RUNC")};
};

TEST_F(OptedInFallback, MissingMonitorRunsUnderTheOriginalProfile) {
  bundle_.save();
  const auto u = create_through_wrapper(bundle_, "/nonexistent/monitor", root_.path());
  EXPECT_EQ(u.result.exit_code, 0) << u.result.err;
  EXPECT_EQ(u.after, u.before);
  EXPECT_EQ(u.result.out, "chroot=1\n");  // EACCES(13) from the original rule; busybox prints its own message
  EXPECT_NE(u.result.err.find("monitor '/nonexistent/monitor' cannot be run"), std::string::npos) << u.result.err;
}

TEST_F(OptedInFallback, ListenerPathOfAnotherAgentIsLeftAlone) {
  bundle_.config()["linux"]["seccomp"].AddMember("listenerPath", "/run/other-agent.sock",
                                                 bundle_.config().GetAllocator());
  bundle_.save();
  ScratchDir logs;
  const std::string log = logs.path() + "/runtime.log";
  const auto u = create_through_wrapper(bundle_, env_path("MONITOR"), root_.path(), {"--log", log});
  EXPECT_EQ(u.after, u.before);
  // Said in the runtime's log (no news for stderr: runc would print nothing there).
  EXPECT_NE(read_if_exists(log).find("listenerPath is already set"), std::string::npos) << read_if_exists(log);
  RuntimeRoot plain_root(env_path("RUNC"));
  const CommandResult plain = run(env_path("RUNC"), {"--root", plain_root.path(), "run", "-b", bundle_.path(), "c2"});
  EXPECT_EQ(u.result.exit_code, plain.exit_code);
  EXPECT_EQ(u.result.err, plain.err);
}

TEST_F(OptedInFallback, UnknownActionValueIsNotAnOptIn) {
  bundle_.config()["annotations"]["seccomp-witness.io/action"].SetString("kill");
  bundle_.save();
  const auto u = create_through_wrapper(bundle_, env_path("MONITOR"), root_.path());
  EXPECT_EQ(u.result.exit_code, 0) << u.result.err;
  EXPECT_EQ(u.after, u.before);
  EXPECT_NE(u.result.err.find("is neither stop nor log"), std::string::npos) << u.result.err;
}

TEST_F(OptedInFallback, MalformedConfigIsNamedAndLeftToTheRuntime) {
  std::ofstream(bundle_.config_path())
      << R"({"ociVersion": "1.0.2", "annotations": {"seccomp-witness.io/action": "stop"},)";
  const std::string broken = bundle_.config_text();
  RuntimeRoot plain_root(env_path("RUNC"));
  const CommandResult plain = run(env_path("RUNC"), {"--root", plain_root.path(), "run", "-b", bundle_.path(), "c2"});
  const auto u = create_through_wrapper(bundle_, env_path("MONITOR"), root_.path());
  EXPECT_EQ(u.after, broken);
  EXPECT_EQ(u.result.exit_code, plain.exit_code);
  EXPECT_NE(u.result.err.find("'" + bundle_.config_path() + "': invalid JSON at byte"), std::string::npos)
      << u.result.err;
}

TEST_F(OptedInFallback, LogLinesGoToTheRuntimesJsonLog) {
  bundle_.save();
  ScratchDir logs;
  const std::string log = logs.path() + "/runc.log";
  const auto u =
      create_through_wrapper(bundle_, "/nonexistent/monitor", root_.path(), {"--log", log, "--log-format", "json"});
  EXPECT_EQ(u.result.exit_code, 0) << u.result.err;
  const std::string text = common::read_regular_file(log, 1 << 20);
  ASSERT_FALSE(text.empty());
  const std::string first = text.substr(0, text.find('\n'));
  const auto line = common::parse_json(first, "log line");
  EXPECT_STREQ(line["level"].GetString(), "warning");
  EXPECT_NE(std::string(line["msg"].GetString()).find("seccomp-witness: container c2"), std::string::npos);
  EXPECT_TRUE(line.HasMember("time"));
}

}  // namespace
}  // namespace itest
