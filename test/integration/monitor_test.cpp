// SPDX-License-Identifier: Apache-2.0
// The monitor with real runc and crun: the seed's scenario end to end, the same
// errnos as without us, log never kills, clean-up, and bounded memory.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <thread>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSeedProfile = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["chroot","swapoff"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})";

std::string wrapper_path() {
  return env_path("WRAPPER");
}

class MonitorTest : public PerRuntimeTest {
 protected:
  Bundle bundle_;
};

TEST_P(MonitorTest, SeedScenarioStopsTheContainerAndTellsKubeletWhy) {
  ScratchDir host;
  const std::string termination_log = host.path() + "/termination-log";
  std::ofstream(termination_log).close();  // kubelet creates it before the container starts
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"sleep", "60"});
  bundle_.set_annotation("seccomp-witness.io/action", "stop");
  bundle_.set_annotation("seccomp-witness.io/stop-after", "2");
  bundle_.set_annotation("io.kubernetes.pod.name", "nginx");
  bundle_.set_annotation("io.kubernetes.pod.namespace", "default");
  bundle_.add_bind_mount(termination_log, "/dev/termination-log");
  const Turns turns;
  bundle_.add_bind_mount(turns.dir(), "/signal");
  bundle_.save();

  Background container(wrapper_path(), args({"run", "-b", bundle_.path(), "seed"}), wrapper_.env());
  ASSERT_TRUE(eventually([&] { return wrapper_.monitor_pid("seed") > 0; }, 30s));
  const int monitor = wrapper_.monitor_pid("seed");
  ASSERT_TRUE(eventually(
      [&] {
        return run(runtime_, args({"state", "seed"})).out.find("\"running\"") != std::string::npos;
      },
      30s));

  // Each command is an exec session of its own, with a notify fd of its own; all
  // four are started first, then make their calls in turn, well within the
  // quiet period however long an exec takes to start.
  const std::vector<std::string> commands = {"chroot /tmp", "chroot /tmp", "swapoff /tmp", "swapoff /tmp"};
  std::vector<std::unique_ptr<Background>> execs;
  for (std::size_t n = 0; n < commands.size(); ++n)
    execs.push_back(std::make_unique<Background>(
        wrapper_path(), args({"exec", "seed", "sh", "-c", Turns::wait_for(static_cast<int>(n)) + commands[n]}),
        wrapper_.env()));
  ASSERT_TRUE(turns.ready(static_cast<int>(commands.size())));
  for (std::size_t n = 0; n < commands.size(); ++n) {
    turns.go(static_cast<int>(n));
    const CommandResult r = execs[n]->wait(60s);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("Operation not permitted"), std::string::npos) << r.err;  // errnoRet 1, as written
  }

  const CommandResult ended = container.wait(30s);
  EXPECT_EQ(ended.exit_code, 137) << ended.err;
  EXPECT_EQ(read_if_exists(termination_log), "Used forbidden syscalls: chroot (2x), swapoff (2x)");

  const auto summary = wrapper_.summary("seed");
  ASSERT_TRUE(summary.HasMember("state")) << read_if_exists(wrapper_.state_dir("seed") + "/monitor.log");
  EXPECT_STREQ(summary["state"].GetString(), "stopped");
  EXPECT_STREQ(summary["pod"].GetString(), "nginx");
  EXPECT_STREQ(summary["namespace"].GetString(), "default");
  ASSERT_EQ(summary["syscalls"].Size(), 2u);
  EXPECT_STREQ(summary["syscalls"][0]["name"].GetString(), "chroot");
  EXPECT_EQ(summary["syscalls"][0]["count"].GetUint64(), 2u);
  EXPECT_EQ(summary["syscalls"][0]["errno"].GetInt(), 1);
  EXPECT_STREQ(summary["syscalls"][0]["callers"][0]["comm"].GetString(), "chroot");
  EXPECT_STREQ(summary["syscalls"][1]["name"].GetString(), "swapoff");
  EXPECT_EQ(summary["syscalls"][1]["count"].GetUint64(), 2u);

  // Once the container is gone, so are the monitor and its socket.
  EXPECT_TRUE(eventually([&] { return !process_alive(monitor); }, 10s));
  EXPECT_FALSE(std::filesystem::exists(wrapper_.state_dir("seed") + "/notify.sock"));
  std::ifstream events(wrapper_.state_dir("seed") + "/events.jsonl");
  int lines = 0;
  for (std::string line; std::getline(events, line); ++lines)
    EXPECT_NO_THROW((void)common::parse_json(line, "event")) << line;
  EXPECT_EQ(lines, 4);
}

/// Probes a battery of denied syscalls and prints what each returned.
constexpr const char* kBatteryProfile = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[
    {"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":13},
    {"names":["swapoff"],"action":"SCMP_ACT_ERRNO"},
    {"names":["sethostname","setdomainname"],"action":"SCMP_ACT_ERRNO","errnoRet":38},
    {"names":["unshare"],"action":"SCMP_ACT_ERRNO","errnoRet":1,
     "args":[{"index":0,"value":268435456,"valueTwo":268435456,"op":"SCMP_CMP_MASKED_EQ"}]},
    {"names":["setpriority"],"action":"SCMP_ACT_ERRNO","errnoRet":11,
     "args":[{"index":0,"value":0,"op":"SCMP_CMP_EQ"},{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]},
    {"names":["umount2"],"action":"SCMP_ACT_ERRNO","errnoRet":16,
     "args":[{"index":1,"value":2,"op":"SCMP_CMP_EQ"}]},
    {"names":["acct"],"action":"SCMP_ACT_ERRNO","errnoRet":0}
  ]})";
constexpr const char* kBatteryScript =
    "probe chroot s:/tmp; probe swapoff s:/tmp; probe sethostname s:x 1; probe setdomainname s:x 1; "
    "probe unshare 0x10000000; probe unshare 0; probe setpriority 0 0 0; probe setpriority 1 0 0; "
    "probe setpriority 2 0 0; probe umount2 s:/tmp 2; probe umount2 s:/tmp 0; probe acct 0";

TEST_P(MonitorTest, EveryDeniedSyscallGetsTheErrnoItGetsWithoutUs) {
  bundle_.set_seccomp(kBatteryProfile);
  bundle_.set_args({"sh", "-c", kBatteryScript});
  bundle_.save();
  RuntimeRoot plain_root(runtime_);
  const CommandResult plain = run(runtime_, {"--root", plain_root.path(), "run", "-b", bundle_.path(), "battery"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;

  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.save();
  const CommandResult ours = run(wrapper_path(), args({"run", "-b", bundle_.path(), "battery"}), wrapper_.env());
  ASSERT_EQ(ours.exit_code, 0) << ours.err;
  EXPECT_EQ(ours.out, plain.out);
  EXPECT_NE(plain.out.find("chroot = -1 errno=13 (EACCES)"), std::string::npos) << plain.out;

  // Notified were exactly the calls a denying rule matched.
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("battery") == 9; }, 10s))
      << read_if_exists(wrapper_.state_dir("battery") + "/summary.json");
}

TEST_P(MonitorTest, KillRulesStillKill) {
  bundle_.set_seccomp(R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[
      {"names":["acct"],"action":"SCMP_ACT_KILL_PROCESS"},{"names":["swapoff"],"action":"SCMP_ACT_KILL"}]})");
  bundle_.set_args({"sh", "-c", "probe acct 0; echo acct=$?; probe swapoff s:/tmp; echo swapoff=$?"});
  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.save();
  const CommandResult r = run(wrapper_path(), args({"run", "-b", bundle_.path(), "kill"}), wrapper_.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // As the kernel ends such a caller: by SIGSYS (runc_parity_test has the rest).
  EXPECT_EQ(r.out, "acct=159\nswapoff=159\n");
}

TEST_P(MonitorTest, LogNeverKills) {
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"sh", "-c", "chroot /tmp; sleep 3; echo still running"});
  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.set_annotation("seccomp-witness.io/stop-after", "0.5");
  bundle_.save();
  const CommandResult r = run(wrapper_path(), args({"run", "-b", bundle_.path(), "logonly"}), wrapper_.env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "still running\n");
  ASSERT_TRUE(wrapper_.monitor_ended("logonly", 30s));
  const auto summary = wrapper_.summary("logonly");
  EXPECT_STREQ(summary["state"].GetString(), "exited");
  EXPECT_EQ(summary["total"].GetUint64(), 1u);
}

TEST_P(MonitorTest, FailedCreateLeavesNothingBehind) {
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"/no/such/program"});
  bundle_.save();
  RuntimeRoot plain_root(runtime_);
  const CommandResult plain = run(runtime_, {"--root", plain_root.path(), "create", "-b", bundle_.path(), "bad"});
  bundle_.set_annotation("seccomp-witness.io/action", "stop");
  bundle_.save();
  const CommandResult ours = run(wrapper_path(), args({"create", "-b", bundle_.path(), "bad"}), wrapper_.env());
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_EQ(ours.exit_code, plain.exit_code) << ours.err;
  EXPECT_TRUE(eventually([&] { return !std::filesystem::exists(wrapper_.state_dir("bad")); }, 10s))
      << read_if_exists(wrapper_.state_dir("bad") + "/monitor.log");
}

TEST_P(MonitorTest, MemoryStaysFlatUnderAFlood) {
  // Between its phases the container waits for the test, so that both
  // measurements are taken while the monitor runs, however fast the flood.
  ScratchDir signal;
  bundle_.add_bind_mount(signal.path(), "/signal");
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"sh", "-c",
                    "probe --repeat 2000 chroot s:/tmp; while [ ! -e /signal/go ]; do sleep 0.1; done; "
                    "probe --repeat 100000 chroot s:/tmp; while [ ! -e /signal/end ]; do sleep 0.1; done"});
  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.save();
  Background container(wrapper_path(), args({"run", "-b", bundle_.path(), "flood"}), wrapper_.env());
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("flood") == 2000; }, 60s));
  const int monitor = wrapper_.worker_pid("flood");  // the process that answers and counts
  const long warm = rss_kib(monitor);
  std::ofstream(signal.path() + "/go").close();
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("flood") == 102000; }, 300s));
  const long after = rss_kib(monitor);
  std::ofstream(signal.path() + "/end").close();
  EXPECT_GT(warm, 0);
  ASSERT_GT(after, 0) << "the monitor must still be there to be measured";
  EXPECT_LT(after - warm, 256) << "RSS grew from " << warm << " KiB to " << after << " KiB over 100000 calls";
  EXPECT_EQ(container.wait(60s).exit_code, 0);
  // The event log is bounded too: 100 lines for one syscall.
  std::ifstream events(wrapper_.record_dir("flood") + "/events.jsonl");
  int lines = 0;
  for (std::string line; std::getline(events, line);) ++lines;
  EXPECT_EQ(lines, 100);
}

TEST_P(MonitorTest, ABundleCreatedAgainIsWatchedAgain) {
  // podman creates a restarted container again from the bundle we rewrote.
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"chroot", "/tmp"});
  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.save();
  for (int round = 0; round < 2; ++round) {
    const CommandResult r = run(wrapper_path(), args({"run", "-b", bundle_.path(), "again"}), wrapper_.env());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("Operation not permitted"), std::string::npos) << "round " << round << ": " << r.err;
    ASSERT_TRUE(wrapper_.monitor_ended("again", 30s));
    EXPECT_EQ(wrapper_.total_seen("again"), 1u) << "round " << round;
  }
}

TEST_P(MonitorTest, ABundleCreatedAgainButNotWatchedRunsAsUnderPlainRunc) {
  // The bundle names the listener of its first create. Not watched the second
  // time (here the monitor cannot be run), it must run under its
  // original profile, not dial a listener that is gone.
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"chroot", "/tmp"});
  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.save();
  const CommandResult first = run(wrapper_path(), args({"run", "-b", bundle_.path(), "twice"}), wrapper_.env());
  EXPECT_NE(first.err.find("Operation not permitted"), std::string::npos) << first.err;
  ASSERT_TRUE(wrapper_.monitor_ended("twice", 30s));
  wrapper_.set_monitor("/nonexistent/seccomp-witness-monitor");
  const CommandResult again = run(wrapper_path(), args({"run", "-b", bundle_.path(), "twice"}), wrapper_.env());
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_NE(again.err.find("Operation not permitted"), std::string::npos) << again.err;
  EXPECT_EQ(again.err.find("seccomp agent"), std::string::npos) << again.err;
  EXPECT_EQ(std::string(wrapper_.summary("twice")["state"].GetString()), "unwatched");
}

/// Tries to hand the monitor a connection as `uid`; true when the connect worked.
bool connect_as(uid_t uid, const std::string& socket) {
  const pid_t child = ::fork();
  if (child == 0) {
    // Only plain syscalls in the forked child.
    if (::setgid(uid) != 0 || ::setuid(uid) != 0) _exit(2);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) _exit(1);
    // The monitor may already have hung up on us: no SIGPIPE for that.
    (void)!::send(fd, "{}", 2, MSG_NOSIGNAL);
    _exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_P(MonitorTest, OnlyRootMayHandOverNotifyFds) {
  // The container waits for the test to create /signal/go before its chroot.
  ScratchDir signal;
  bundle_.add_bind_mount(signal.path(), "/signal");
  bundle_.set_seccomp(kSeedProfile);
  bundle_.set_args({"sh", "-c", "while [ ! -e /signal/go ]; do sleep 0.1; done; chroot /tmp"});
  bundle_.set_annotation("seccomp-witness.io/action", "log");
  bundle_.save();
  Background container(wrapper_path(), args({"run", "-b", bundle_.path(), "peers"}), wrapper_.env());
  const std::string socket = wrapper_.state_dir("peers") + "/notify.sock";
  ASSERT_TRUE(eventually([&] { return wrapper_.monitor_pid("peers") > 0; }, 10s));
  // The socket itself is root's alone ...
  EXPECT_FALSE(connect_as(65534, socket));
  // ... and were it and its directories opened up, the monitor still refuses
  // other users.
  const std::filesystem::path state_root = wrapper_.state_root();
  for (const auto& dir : {state_root.parent_path(), state_root, state_root / "peers"})
    ASSERT_EQ(::chmod(dir.c_str(), 0711), 0) << dir;
  ASSERT_EQ(::chmod(socket.c_str(), 0666), 0);
  EXPECT_TRUE(connect_as(65534, socket));
  EXPECT_TRUE(eventually(
      [&] {
        return read_if_exists(wrapper_.state_dir("peers") + "/monitor.log")
                   .find("refused a connection from uid 65534") != std::string::npos;
      },
      10s));
  std::ofstream(signal.path() + "/go").close();
  EXPECT_EQ(container.wait(20s).exit_code, 1);  // chroot still answered, with the original errno
  EXPECT_TRUE(eventually([&] { return wrapper_.total_seen("peers") == 1; }, 10s));
}

INSTANTIATE_TEST_SUITE_P(Runtimes, MonitorTest, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
