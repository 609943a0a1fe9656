// SPDX-License-Identifier: Apache-2.0
// seccomp-witnessctl on the state of a real watched container: list, show,
// events, and the Prometheus endpoint scraped with curl over loopback.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

class CtlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_CONTAINERS(env_path("RUNC"));
    Bundle bundle;
    bundle.set_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW",
        "syscalls":[{"names":["chroot","swapoff"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})");
    bundle.set_args({"sh", "-c", "chroot /tmp; chroot /tmp; swapoff /tmp; sleep 10"});
    bundle.set_annotation("seccomp-witness.io/action", "stop");
    bundle.set_annotation("seccomp-witness.io/stop-after", "1");
    bundle.set_annotation("io.kubernetes.pod.name", "nginx");
    bundle.set_annotation("io.kubernetes.pod.namespace", "web");
    bundle.set_annotation("io.kubernetes.container.name", "main");
    bundle.save();
    const CommandResult r =
        run(env_path("WRAPPER"), {"--root", root_.path(), "run", "-b", bundle.path(), "ctl1"}, wrapper_.env());
    ASSERT_EQ(r.exit_code, 137) << r.err;
    ASSERT_TRUE(eventually([&] { return ctl({"list"}).out.find("stopped") != std::string::npos; }, 10s));
  }

  CommandResult ctl(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--state-dir", wrapper_.state_root()});
    return run(env_path("CTL"), args);
  }

  RuntimeRoot root_{env_path("RUNC")};
  WrapperEnv wrapper_{env_path("RUNC")};
};

TEST_F(CtlTest, ListShowEvents) {
  const CommandResult list = ctl({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("ctl1"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("chroot (2x), swapoff (1x)"), std::string::npos) << list.out;

  const auto listed = common::parse_json(ctl({"--json", "list"}).out, "list --json");
  ASSERT_TRUE(listed.IsArray());
  ASSERT_EQ(listed.Size(), 1u);
  EXPECT_STREQ(listed[0]["pod"].GetString(), "nginx");
  EXPECT_STREQ(listed[0]["state"].GetString(), "stopped");

  const CommandResult show = ctl({"show", "ctl"});  // a unique prefix is enough
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Used forbidden syscalls: chroot (2x), swapoff (1x)"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("errno 1"), std::string::npos) << show.out;

  const CommandResult events = ctl({"--json", "events", "ctl1"});
  int lines = 0;
  for (std::size_t at = 0; (at = events.out.find('\n', at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 3) << events.out;
  EXPECT_NE(ctl({"show", "nope"}).exit_code, 0);
}

TEST_F(CtlTest, MetricsAreScrapedOverLoopback) {
  Background exporter(env_path("CTL"),
                      {"--state-dir", wrapper_.state_root(), "serve-metrics", "--listen", "127.0.0.1:19638"});
  CommandResult scrape;
  ASSERT_TRUE(eventually(
      [&] {
        scrape = run("/usr/bin/curl", {"-sf", "http://127.0.0.1:19638/metrics"});
        return scrape.exit_code == 0;
      },
      10s));
  EXPECT_NE(scrape.out.find(R"(seccomp_witness_forbidden_syscalls_total{namespace="web",pod="nginx",)"
                            R"(container="main",syscall="chroot",class="violation"} 2)"),
            std::string::npos)
      << scrape.out;
  EXPECT_NE(scrape.out.find(R"(seccomp_witness_forbidden_syscalls_total{namespace="web",pod="nginx",)"
                            R"(container="main",syscall="swapoff",class="violation"} 1)"),
            std::string::npos)
      << scrape.out;
  EXPECT_NE(scrape.out.find(R"(seccomp_witness_containers_stopped_total{namespace="web",pod="nginx",)"
                            R"(container="main"} 1)"),
            std::string::npos)
      << scrape.out;
}

}  // namespace
}  // namespace itest

namespace itest {
namespace {

// Every way an opted-in container ends up unwatched leaves a record where an
// operator looks, and `doctor` says what is wrong with the node.
class Unwatched : public ::testing::Test {
 protected:
  void SetUp() override { REQUIRE_CONTAINERS(env_path("RUNC")); }
  CommandResult ctl(const WrapperEnv& wrapper, std::vector<std::string> args) const {
    args.insert(args.begin(), {"--state-dir", wrapper.state_root()});
    return run(env_path("CTL"), args, wrapper.env());
  }
  RuntimeRoot root_{env_path("RUNC")};
  ScratchDir logs_;
};

TEST_F(Unwatched, AMissingMonitorIsRecordedAndDoctorSaysSo) {
  const WrapperEnv wrapper(env_path("RUNC"), "/nonexistent/seccomp-witness-monitor");
  Bundle bundle;
  bundle.set_seccomp(
      R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"}]})");
  bundle.set_args({"true"});
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.set_annotation("io.kubernetes.pod.name", "web");
  bundle.save();
  const std::string log = logs_.path() + "/runtime.log";
  const CommandResult r = run(
      env_path("WRAPPER"), {"--root", root_.path(), "--log", log, "run", "-b", bundle.path(), "lonely"}, wrapper.env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The runtime's log, where the engine passes --log.
  EXPECT_NE(read_if_exists(log).find("the monitor '/nonexistent/seccomp-witness-monitor' cannot be run"),
            std::string::npos)
      << read_if_exists(log);
  // The state dir: `list` shows it unwatched, `show` says why.
  const auto listed = common::parse_json(ctl(wrapper, {"--json", "list"}).out, "list");
  ASSERT_EQ(listed.Size(), 1u);
  EXPECT_STREQ(listed[0]["state"].GetString(), "unwatched");
  EXPECT_STREQ(listed[0]["pod"].GetString(), "web");
  const CommandResult show = ctl(wrapper, {"show", "lonely"});
  EXPECT_NE(show.out.find("unwatched (the monitor '/nonexistent/seccomp-witness-monitor' cannot be run"),
            std::string::npos)
      << show.out;

  const CommandResult doctor = ctl(wrapper, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out;
  EXPECT_NE(doctor.out.find("fail  monitor      /nonexistent/seccomp-witness-monitor cannot be run"), std::string::npos)
      << doctor.out;
  EXPECT_NE(doctor.out.find("ok    runtime      " + env_path("RUNC")), std::string::npos) << doctor.out;
}

TEST_F(Unwatched, DoctorOnAGoodSetup) {
  const WrapperEnv wrapper(env_path("RUNC"));
  const CommandResult doctor = ctl(wrapper, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out;
  EXPECT_NE(doctor.out.find("ok    monitor      " + env_path("MONITOR")), std::string::npos) << doctor.out;
  EXPECT_NE(doctor.out.find("ok    kernel       seccomp user notification"), std::string::npos) << doctor.out;
  // This machine kind runs Linux 6.18.
  EXPECT_NE(doctor.out.find("ok    kernel       pidfds of single threads"), std::string::npos) << doctor.out;
  EXPECT_NE(doctor.out.find("ok    kernel       openat2 without symlinks"), std::string::npos) << doctor.out;
  // Root, audit in the kernel, actions_logged as shipped: kill rules stay the kernel's.
  EXPECT_NE(doctor.out.find("ok    kill rules   stay the kernel's"), std::string::npos) << doctor.out;
  EXPECT_NE(doctor.out.find("doctor: 0 failed"), std::string::npos) << doctor.out;
}

TEST_F(Unwatched, DoctorSaysWhenKillRulesAreNotTheKernels) {
  WrapperEnv wrapper(env_path("RUNC"));
  wrapper.configure("kill_records = false");
  const CommandResult doctor = ctl(wrapper, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << "a warning: " << doctor.out;
  EXPECT_NE(doctor.out.find("warn  kill rules   config.toml says kill_records = false\n"
                            "      -> kill rules notify, and a monitor ends their callers by a signal"),
            std::string::npos)
      << doctor.out;
}

}  // namespace
}  // namespace itest
