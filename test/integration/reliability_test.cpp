// Failure behaviour with real runc and crun: a monitor killed mid-flight, many
// containers created at once, a termination-message path that is a symlink. A
// failure of ours never costs the container anything it would have had under
// the plain runtime.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "fixture.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// EACCES, so that it cannot be mistaken for the kernel's ENOSYS once no listener
// is left.
constexpr const char* kDenyChroot = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]})";

class Reliability : public PerRuntimeTest {};

TEST_P(Reliability, MonitorKilledMidFlightCostsTheContainerNothing) {
  // The container calls chroot in a loop and leaves each result in /signal/last
  // until the test creates /signal/stop.
  ScratchDir signal;
  Bundle bundle;
  bundle.add_bind_mount(signal.path(), "/signal");
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c",
                   "while [ ! -e /signal/stop ]; do probe chroot s:/tmp > /signal/next; mv /signal/next /signal/last; "
                   "sleep 0.02; done"});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "killed"}), wrapper_.env());
  const std::string last = signal.path() + "/last";
  ASSERT_TRUE(eventually([&] { return read_if_exists(last).find("errno=13 (EACCES)") != std::string::npos; }, 20s))
      << read_if_exists(last);
  const int monitor = wrapper_.monitor_pid("killed");
  ASSERT_GT(monitor, 0);
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("killed") > 0; }, 10s));  // its summary is written

  ASSERT_EQ(::kill(monitor, SIGKILL), 0);
  ASSERT_TRUE(eventually([&] { return !process_alive(monitor); }, 10s));
  // No listener is left: the kernel fails the denied syscall with ENOSYS. It
  // still fails, and the container goes on.
  EXPECT_TRUE(eventually([&] { return read_if_exists(last).find("errno=38 (ENOSYS)") != std::string::npos; }, 20s))
      << read_if_exists(last);
  const CommandResult state = run(runtime_, args({"state", "killed"}));
  EXPECT_NE(state.out.find("\"running\""), std::string::npos) << state.out << state.err;

  // What the dead monitor had counted stays in its summary.
  const std::uint64_t counted = wrapper_.total_seen("killed");

  // An exec still works (the runtime alone would fail it, unable to reach the
  // listener): the wrapper starts a new monitor, which goes on counting.
  const CommandResult exec =
      run(env_path("WRAPPER"), args({"exec", "killed", "probe", "chroot", "s:/tmp"}), wrapper_.env(), 30s);
  EXPECT_EQ(exec.exit_code, 0) << exec.err;
  EXPECT_NE(exec.out.find("errno=13 (EACCES)"), std::string::npos) << exec.out << exec.err;
  EXPECT_NE(exec.err.find("its monitor is gone; starting a new one for this exec"), std::string::npos) << exec.err;
  EXPECT_TRUE(eventually([&] { return wrapper_.total_seen("killed") == counted + 1; }, 10s))
      << wrapper_.total_seen("killed") << " after " << counted;
  // Once the exec ended, so did the new monitor; the container itself is unwatched.
  EXPECT_TRUE(eventually([&] { return std::string(wrapper_.summary("killed")["state"].GetString()) == "lost"; }, 10s));

  std::ofstream(signal.path() + "/stop").close();
  EXPECT_EQ(container.wait(30s).exit_code, 0);
}

TEST_P(Reliability, TwentyContainersCreatedAtOnce) {
  constexpr int kContainers = 20;
  std::vector<std::unique_ptr<Bundle>> bundles;
  std::vector<std::unique_ptr<Background>> running;
  for (int i = 0; i < kContainers; ++i) {
    auto bundle = std::make_unique<Bundle>();
    bundle->set_seccomp(kDenyChroot);
    bundle->set_args({"sh", "-c", "chroot /tmp; echo chroot=$?"});
    bundle->set_annotation("seccomp-witness.io/action", "log");
    bundle->save();
    bundles.push_back(std::move(bundle));
  }
  for (int i = 0; i < kContainers; ++i)
    running.push_back(std::make_unique<Background>(
        env_path("WRAPPER"), args({"run", "-b", bundles[i]->path(), "p" + std::to_string(i)}), wrapper_.env()));
  for (int i = 0; i < kContainers; ++i) {
    const std::string id = "p" + std::to_string(i);
    const CommandResult r = running[i]->wait(120s);
    EXPECT_EQ(r.exit_code, 0) << id << ": " << r.err;
    EXPECT_EQ(r.out, "chroot=1\n") << id;
  }
  for (int i = 0; i < kContainers; ++i) {
    const std::string id = "p" + std::to_string(i);
    // Each monitor counted its own container's call, then ended and took its
    // socket with it.
    EXPECT_TRUE(eventually([&] { return wrapper_.total_seen(id) == 1; }, 20s)) << id;
    EXPECT_TRUE(eventually([&] { return !process_alive(wrapper_.monitor_pid(id)); }, 20s)) << id;
    EXPECT_FALSE(std::filesystem::exists(wrapper_.state_dir(id) + "/notify.sock")) << id;
  }
}

TEST_P(Reliability, TerminationMessageSymlinkIsNotFollowed) {
  ScratchDir host;
  const std::string secret = host.path() + "/secret";
  std::ofstream(secret) << "host data\n";
  const std::string link = host.path() + "/termination-log";
  std::filesystem::create_symlink(secret, link);
  Bundle bundle;
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c", "chroot /tmp; sleep 60"});
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.set_annotation("seccomp-witness.io/stop-after", "1");
  bundle.add_bind_mount(link, "/dev/termination-log");
  bundle.save();
  const CommandResult r = run(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "symlink"}), wrapper_.env());
  // Still stopped; the message stays in the summary instead.
  EXPECT_EQ(r.exit_code, 137) << r.err;
  EXPECT_EQ(read_if_exists(secret), "host data\n");
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_TRUE(eventually(
      [&] {
        return read_if_exists(wrapper_.state_dir("symlink") + "/monitor.log").find("termination message: open") !=
               std::string::npos;
      },
      10s))
      << read_if_exists(wrapper_.state_dir("symlink") + "/monitor.log");
}

// One runtime is enough here: what is measured is the monitor, and ten million
// round trips take minutes.
TEST(Flood, TenMillionDeniedSyscallsStayBounded) {
  REQUIRE_CONTAINERS(env_path("RUNC"));
  constexpr std::uint64_t kWarm = 100000;
  constexpr std::uint64_t kCalls = 10000000;
  RuntimeRoot root(env_path("RUNC"));
  const WrapperEnv wrapper(env_path("RUNC"));
  Bundle bundle;
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c",
                   "probe --repeat " + std::to_string(kWarm) + " chroot s:/tmp; sleep 3; probe --repeat " +
                       std::to_string(kCalls - kWarm) + " chroot s:/tmp; sleep 3"});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), "flood"},
                       wrapper.env());
  ASSERT_TRUE(eventually([&] { return wrapper.total_seen("flood") >= kWarm; }, 120s));
  const int monitor = wrapper.monitor_pid("flood");
  const long warm = rss_kib(monitor);
  ASSERT_TRUE(eventually([&] { return wrapper.total_seen("flood") == kCalls; }, 1800s))
      << wrapper.total_seen("flood") << " of " << kCalls;
  const long after = rss_kib(monitor);
  ASSERT_GT(warm, 0);
  ASSERT_GT(after, 0) << "the monitor must still be there to be measured";
  EXPECT_LT(after - warm, 256) << "RSS grew from " << warm << " KiB to " << after << " KiB";
  const CommandResult r = container.wait(60s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("errno=13 (EACCES) calls=" + std::to_string(kCalls - kWarm)), std::string::npos) << r.out;
  // The event log keeps the first lines of each syscall, not ten million.
  EXPECT_LT(std::filesystem::file_size(wrapper.state_dir("flood") + "/events.jsonl"), 1u << 20);
  EXPECT_EQ(wrapper.summary("flood")["syscalls"][0]["count"].GetUint64(), kCalls);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Reliability, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
