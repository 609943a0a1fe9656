// SPDX-License-Identifier: Apache-2.0
// Probes are not violations: a call the profile answers with ENOSYS ("no such
// syscall here") is counted and shown but never stops the container; glibc's
// clone3 in every pthread_create is the everyday case. The operator decides the
// edges with seccomp-witness.io/ignore and seccomp-witness.io/stop-on-probes.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// Docker's and containerd's defaults answer clone3 so; chroot is a real violation.
constexpr const char* kProfile = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["clone3"],"action":"SCMP_ACT_ERRNO","errnoRet":38},
              {"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})";

class Probes : public PerRuntimeTest {
 protected:
  /// Runs `script` opted in with `stop` and a quiet period of 0.5 s, and the
  /// extra annotations; returns how it ended.
  CommandResult run_watched(const std::string& id, const std::string& script,
                            const std::vector<std::pair<std::string, std::string>>& annotations = {}) {
    bundle_.set_seccomp(kProfile);
    bundle_.set_args({"sh", "-c", script});
    bundle_.set_annotation("seccomp-witness.io/action", "stop");
    bundle_.set_annotation("seccomp-witness.io/stop-after", "0.5");
    for (const auto& [key, value] : annotations) bundle_.set_annotation(key, value);
    bundle_.save();
    return run(env_path("WRAPPER"), args({"--log", logs_.path() + "/log", "run", "-b", bundle_.path(), id}),
               wrapper_.env());
  }

  const rapidjson::Value* syscall(const rapidjson::Document& summary, const std::string& name) {
    for (const auto& s : summary["syscalls"].GetArray())
      if (name == s["name"].GetString()) return &s;
    return nullptr;
  }

  Bundle bundle_;
  ScratchDir logs_;
};

// A thread started by glibc probes clone3 (ENOSYS) and falls back to clone.
constexpr const char* kThreads = "probe --in-thread getpid >/dev/null; sleep 2; echo done";

TEST_P(Probes, ThreadsAreNotStopped) {
  const CommandResult r = run_watched("threads", kThreads);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "done\n");
  const auto summary = wrapper_.final_summary("threads");
  ASSERT_TRUE(summary.HasMember("state")) << common::to_json(summary);
  EXPECT_STREQ(summary["state"].GetString(), "exited");
  EXPECT_STREQ(summary["message"].GetString(), "");
  EXPECT_EQ(summary["violations"].GetUint64(), 0u);
  const auto* clone3 = syscall(summary, "clone3");
  ASSERT_NE(clone3, nullptr) << "the probe is still counted and shown";
  EXPECT_STREQ((*clone3)["class"].GetString(), "probe");
  EXPECT_GE((*clone3)["count"].GetUint64(), 1u);
  EXPECT_EQ((*clone3)["errno"].GetInt(), 38);

  const CommandResult show = run(env_path("CTL"), {"--state-dir", wrapper_.state_root(), "show", "threads"});
  EXPECT_NE(show.out.find("0 violations"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("probe"), std::string::npos) << show.out;
}

TEST_P(Probes, AViolationBesideProbesStillStops) {
  const CommandResult r = run_watched("violation", std::string(kThreads) + "; chroot /tmp; sleep 30");
  EXPECT_EQ(r.exit_code, 137) << r.out << r.err << read_if_exists(wrapper_.state_dir("violation") + "/monitor.log");
  const auto final_summary = wrapper_.final_summary("violation");
  ASSERT_TRUE(final_summary.HasMember("state")) << common::to_json(final_summary);
  const auto& summary = final_summary;
  EXPECT_STREQ(summary["state"].GetString(), "stopped");
  // The message names the violation only.
  EXPECT_STREQ(summary["message"].GetString(), "Used forbidden syscalls: chroot (1x)");
}

TEST_P(Probes, StopOnProbesCountsThemAsViolations) {
  const CommandResult r =
      run_watched("strict", "probe --in-thread getpid; sleep 30", {{"seccomp-witness.io/stop-on-probes", "true"}});
  EXPECT_EQ(r.exit_code, 137) << r.err;
  const auto final_summary = wrapper_.final_summary("strict");
  ASSERT_TRUE(final_summary.HasMember("message")) << common::to_json(final_summary);
  const std::string message = final_summary["message"].GetString();
  EXPECT_EQ(message.rfind("Used forbidden syscalls: clone3 (", 0), 0u) << message;
}

TEST_P(Probes, IgnoredSyscallsDoNotStop) {
  const CommandResult r =
      run_watched("ignored", "chroot /tmp; sleep 2; echo done", {{"seccomp-witness.io/ignore", "clone3, chroot"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "done\n");
  const auto final_summary = wrapper_.final_summary("ignored");
  ASSERT_TRUE(final_summary.HasMember("message")) << common::to_json(final_summary);
  const auto& summary = final_summary;
  EXPECT_STREQ(summary["message"].GetString(), "");
  const auto* chroot = syscall(summary, "chroot");
  ASSERT_NE(chroot, nullptr);
  EXPECT_STREQ((*chroot)["class"].GetString(), "ignored");
}

TEST_P(Probes, BadValuesAreNamedAndTheDefaultsUsed) {
  const CommandResult r =
      run_watched("badvalues", kThreads,
                  {{"seccomp-witness.io/ignore", "clone3;reboot"}, {"seccomp-witness.io/stop-on-probes", "maybe"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "done\n");
  const std::string log = read_if_exists(logs_.path() + "/log");
  EXPECT_NE(log.find("seccomp-witness.io/ignore=\\\"clone3;reboot\\\" is not a list of syscall names"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("seccomp-witness.io/stop-on-probes=\\\"maybe\\\" is neither true nor false"), std::string::npos)
      << log;
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Probes, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
