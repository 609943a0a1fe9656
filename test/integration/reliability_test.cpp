// SPDX-License-Identifier: Apache-2.0
// Failure behaviour with real runc and crun: a monitor's worker or supervisor
// killed mid-flight, an upgrade in place, many
// containers created at once, a termination-message path that is a symlink. A
// failure of ours never costs the container anything it would have had under
// the plain runtime.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <regex>
#include <thread>
#include <vector>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// EACCES, so that it cannot be mistaken for the kernel's ENOSYS once no listener
// is left.
constexpr const char* kDenyChroot = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]})";

class Reliability : public PerRuntimeTest {};

/// A flood of denied chroot calls that lasts until the test ends it, so that
/// everything the test does during a flood happens during it, however fast the
/// machine: the container's probe repeats until /signal/stop exists.
class Flood {
 public:
  /// Mounts the signal directory into `bundle`.
  explicit Flood(Bundle& bundle) { bundle.add_bind_mount(signal_.path(), "/signal"); }
  /// The probe's command line (its last line: "calls=N ... tally=13:N").
  static std::string command() { return "probe --until /signal/stop --tally chroot s:/tmp"; }
  void stop() const { std::ofstream(signal_.path() + "/stop").close(); }
  [[nodiscard]] const std::string& signal_dir() const { return signal_.path(); }

 private:
  ScratchDir signal_;
};

/// How many calls a flood's probe made, from the line it ends with; 0 (and a
/// failure) unless every one of them got EACCES, so not one ENOSYS.
std::uint64_t all_eacces(const std::string& out) {
  static const std::regex kLine(R"(calls=(\d+) ns_per_call=\d+ tally=(\S+)\n$)");
  std::smatch match;
  if (!std::regex_search(out, match, kLine)) {
    ADD_FAILURE() << "no flood tally in: " << out;
    return 0;
  }
  const std::string calls = match[1].str();
  EXPECT_EQ(match[2].str(), "13:" + calls) << "every call answered EACCES";
  return std::stoull(calls);
}

/// Every line of events.jsonl is a JSON object of its own.
void expect_valid_events(const std::string& path) {
  std::ifstream events(path);
  int lines = 0;
  for (std::string line; std::getline(events, line); ++lines)
    EXPECT_NO_THROW((void)common::parse_json(line, "events.jsonl")) << "line " << lines + 1 << ": " << line;
  EXPECT_GT(lines, 0);
}

/// SIGKILLs the worker of `id` `times` times while a flood runs (it lasts until
/// the test stops it), each at a random moment up to 400 ms after the one before
/// came up, and shows that each kill landed while calls were being made: more
/// are counted after it.
void kill_workers(const WrapperEnv& wrapper, const std::string& id, int times, std::mt19937& random) {
  std::uniform_int_distribution<int> delay_ms(20, 400);
  for (int i = 0; i < times; ++i) {
    ASSERT_TRUE(eventually([&] { return wrapper.worker_pid(id) > 0; }, 30s));
    const int worker = wrapper.worker_pid(id);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    const std::uint64_t before = wrapper.total_seen(id);
    ASSERT_EQ(::kill(worker, SIGKILL), 0) << "kill " << i + 1 << ": the worker was gone before";
    ASSERT_TRUE(eventually([&] { return wrapper.worker_pid(id) != worker; }, 30s)) << "no worker after kill " << i + 1;
    // The summary is written once a second: generous, for a slow machine.
    ASSERT_TRUE(eventually([&] { return wrapper.total_seen(id) > before; }, 30s))
        << "no call counted after kill " << i + 1;
  }
}

/// Every answered call is counted, at least once: `counts` takes a call before
/// it is answered, then marks the record counted, and a worker killed between
/// those two stores counts the call once more when the next takes over. So at
/// most one call more per kill and notify fd, never one less.
::testing::AssertionResult counted_at_least_once(std::uint64_t counted, std::uint64_t calls, int kills, int fds) {
  const std::uint64_t most = calls + static_cast<std::uint64_t>(kills) * static_cast<std::uint64_t>(fds);
  if (counted >= calls && counted <= most) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << counted << " counted for " << calls << " answered calls; " << kills
                                       << " kill(s) of the worker serving " << fds << " notify fd(s) allow " << calls
                                       << " to " << most;
}

/// The count in a termination message "Used forbidden syscalls: chroot (Nx)".
std::uint64_t message_count(const std::string& message) {
  const auto open = message.rfind('(');
  return open == std::string::npos ? 0 : std::strtoull(message.c_str() + open + 1, nullptr, 10);
}

std::mt19937 seeded_random() {
  const unsigned seed = std::random_device{}();
  std::cout << "random seed " << seed << "\n";
  return std::mt19937(seed);
}

TEST_P(Reliability, WorkerKilledDuringAFloodCostsNothing) {
  Bundle bundle;
  const Flood flood(bundle);
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c", Flood::command()});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "flood"}), wrapper_.env());
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("flood") > 0; }, 30s));
  auto random = seeded_random();
  kill_workers(wrapper_, "flood", 5, random);
  flood.stop();

  const CommandResult r = container.wait(120s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::uint64_t calls = all_eacces(r.out);
  // The runtime can return before the monitor has written its last summary.
  const auto summary = wrapper_.final_summary("flood");
  const std::string dir = wrapper_.record_dir("flood");
  EXPECT_TRUE(counted_at_least_once(summary["total"].GetUint64(), calls, 5, 1));
  EXPECT_EQ(summary["syscalls"][0]["count"].GetUint64(), summary["total"].GetUint64());
  EXPECT_STREQ(summary["state"].GetString(), "exited");
  expect_valid_events(dir + "/events.jsonl");
}

TEST_P(Reliability, ExecsFloodingAlongsideAreServedApartAndCounted) {
  // Three notify fds at once, the container's and two execs', each served on a
  // thread of its own with its own record of the notification in hand; the
  // worker is killed while all three flood.
  Bundle bundle;
  const Flood flood(bundle);
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c", Flood::command() + "; while [ ! -e /signal/end ]; do sleep 0.1; done"});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "three"}), wrapper_.env());
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("three") > 0; }, 30s));
  // Each exec's probe writes its pid once it runs: all three flood before the kills.
  const auto exec = [&](const std::string& name) {
    return std::make_unique<Background>(
        env_path("WRAPPER"),
        args({"exec", "three", "sh", "-c", "touch /signal/" + name + "; exec " + Flood::command()}), wrapper_.env());
  };
  const auto first = exec("first");
  const auto second = exec("second");
  ASSERT_TRUE(eventually(
      [&] {
        return std::filesystem::exists(flood.signal_dir() + "/first") &&
               std::filesystem::exists(flood.signal_dir() + "/second");
      },
      30s));
  auto random = seeded_random();
  kill_workers(wrapper_, "three", 3, random);
  flood.stop();

  std::uint64_t calls = 0;
  for (Background* e : {first.get(), second.get()}) {
    const CommandResult r = e->wait(120s);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    calls += all_eacces(r.out);
  }
  std::ofstream(flood.signal_dir() + "/end").close();
  const CommandResult r = container.wait(60s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  calls += all_eacces(r.out);
  const std::string dir = wrapper_.record_dir("three");
  const auto total = [&] {
    const auto summary = common::parse_json(read_if_exists(dir + "/summary.json"), "summary.json");
    return summary.HasMember("total") ? summary["total"].GetUint64() : 0;
  };
  // The last summary is written once the container's processes are gone.
  EXPECT_TRUE(eventually([&] { return total() >= calls; }, 30s)) << total() << " counted for " << calls << " calls";
  EXPECT_TRUE(counted_at_least_once(total(), calls, 3, 3));
}

TEST_P(Reliability, WorkerKilledStillStopsWithTheRightMessage) {
  ScratchDir host;
  const std::string message = host.path() + "/termination-log";
  std::ofstream(message).close();
  Bundle bundle;
  const Flood flood(bundle);
  bundle.set_seccomp(kDenyChroot);
  bundle.add_bind_mount(message, "/dev/termination-log");
  // The sleep is cut short by the stop, one quiet second after the flood.
  bundle.set_args({"sh", "-c", Flood::command() + "; sleep 600"});
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.set_annotation("seccomp-witness.io/stop-after", "1");
  bundle.set_annotation("seccomp-witness.io/stop-within", "3600");
  bundle.save();
  Background container(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "stopped"}), wrapper_.env());
  ASSERT_TRUE(eventually([&] { return wrapper_.total_seen("stopped") > 0; }, 30s));
  auto random = seeded_random();
  kill_workers(wrapper_, "stopped", 3, random);
  flood.stop();

  const CommandResult r = container.wait(120s);
  EXPECT_EQ(r.exit_code, 137) << "stopped after its quiet period, long before the sleep ends: " << r.out << r.err;
  const std::uint64_t calls = all_eacces(r.out);
  const std::string said = read_if_exists(message);
  EXPECT_EQ(said.rfind("Used forbidden syscalls: chroot (", 0), 0u) << said;
  EXPECT_TRUE(counted_at_least_once(message_count(said), calls, 3, 1)) << said;
}

TEST_P(Reliability, SupervisorKilledLeavesTheWorkerServing) {
  // The container calls chroot in a loop and leaves each result in /signal/last
  // until the test creates /signal/stop.
  ScratchDir signal;
  Bundle bundle;
  bundle.add_bind_mount(signal.path(), "/signal");
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c",
                   "while [ ! -e /signal/stop ]; do probe chroot s:/tmp > /signal/next; mv /signal/next /signal/last; "
                   "cat /signal/last >> /signal/all; sleep 0.02; done"});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "killed"}), wrapper_.env());
  const std::string last = signal.path() + "/last";
  ASSERT_TRUE(eventually([&] { return read_if_exists(last).find("errno=13 (EACCES)") != std::string::npos; }, 20s))
      << read_if_exists(last);
  const int supervisor = wrapper_.monitor_pid("killed");
  ASSERT_GT(supervisor, 0);
  ASSERT_EQ(::kill(supervisor, SIGKILL), 0);
  ASSERT_TRUE(eventually([&] { return !process_alive(supervisor); }, 10s));

  // The worker holds the notify fds and goes on; it takes connections itself.
  const CommandResult exec =
      run(env_path("WRAPPER"), args({"exec", "killed", "probe", "chroot", "s:/tmp"}), wrapper_.env(), 30s);
  EXPECT_EQ(exec.exit_code, 0) << exec.err;
  EXPECT_NE(exec.out.find("errno=13 (EACCES)"), std::string::npos) << exec.out << exec.err;
  EXPECT_EQ(read_if_exists(signal.path() + "/all").find("ENOSYS"), std::string::npos);

  // What cannot be survived: the worker dies too. No one holds the container's
  // notify fd any more, and the kernel fails its denied syscalls with ENOSYS.
  const int worker = wrapper_.worker_pid("killed");
  ASSERT_EQ(::kill(worker, SIGKILL), 0);
  ASSERT_TRUE(eventually([&] { return !process_alive(worker); }, 10s));
  EXPECT_TRUE(eventually([&] { return read_if_exists(last).find("errno=38 (ENOSYS)") != std::string::npos; }, 20s))
      << read_if_exists(last);
  const CommandResult state = run(runtime_, args({"state", "killed"}));
  EXPECT_NE(state.out.find("\"running\""), std::string::npos) << state.out << state.err;
  const std::uint64_t counted = wrapper_.total_seen("killed");
  // An exec still works: the wrapper starts a new monitor, which goes on counting.
  const CommandResult again =
      run(env_path("WRAPPER"), args({"exec", "killed", "probe", "chroot", "s:/tmp"}), wrapper_.env(), 30s);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("errno=13 (EACCES)"), std::string::npos) << again.out << again.err;
  EXPECT_NE(again.err.find("its monitor is gone; starting a new one for this exec"), std::string::npos) << again.err;
  // From the counts the dead worker kept up to its last answer: at least what its
  // last summary said (written once a second), and the exec's call.
  EXPECT_TRUE(eventually([&] { return wrapper_.total_seen("killed") > counted; }, 10s))
      << wrapper_.total_seen("killed") << " after " << counted;
  EXPECT_TRUE(eventually([&] { return std::string(wrapper_.summary("killed")["state"].GetString()) == "lost"; }, 10s));

  std::ofstream(signal.path() + "/stop").close();
  EXPECT_EQ(container.wait(30s).exit_code, 0);
  // Exact: every EACCES the container's loop got, and the two execs' calls.
  std::ifstream all(signal.path() + "/all");
  std::uint64_t answered = 0;
  for (std::string line; std::getline(all, line);) answered += line.find("errno=13") != std::string::npos ? 1 : 0;
  EXPECT_EQ(wrapper_.total_seen("killed"), answered + 2);
}

// A new seccomp-witness installed on the node: the running monitors move to the
// new program, their containers never notice.
TEST_P(Reliability, UpgradeInPlaceUnderAFlood) {
  ScratchDir installed;
  const std::string program = installed.path() + "/seccomp-witness-monitor";
  const auto install = [&] {
    // As an installer does: a new file, renamed over the old one.
    std::filesystem::copy_file(env_path("MONITOR"), program + ".new");
    std::filesystem::permissions(program + ".new", std::filesystem::perms::owner_all);
    std::filesystem::rename(program + ".new", program);
  };
  install();
  const WrapperEnv wrapper(runtime_, program);
  Bundle bundle;
  const Flood flood(bundle);
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c", Flood::command()});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "upgraded"}), wrapper.env());
  ASSERT_TRUE(eventually([&] { return wrapper.total_seen("upgraded") > 0; }, 30s));
  const int supervisor = wrapper.monitor_pid("upgraded");
  for (int round = 0; round < 2; ++round) {
    install();
    EXPECT_NE(std::filesystem::read_symlink("/proc/" + std::to_string(supervisor) + "/exe").string().find("(deleted)"),
              std::string::npos);
    const CommandResult restarted =
        run(env_path("CTL"), {"--state-dir", wrapper.state_root(), "restart-monitors"}, wrapper.env());
    EXPECT_EQ(restarted.exit_code, 0) << restarted.out << restarted.err;
    EXPECT_NE(restarted.out.find("upgraded: monitor " + std::to_string(supervisor) + " runs the new program"),
              std::string::npos)
        << restarted.out;
    EXPECT_EQ(wrapper.monitor_pid("upgraded"), supervisor) << "the same process, the new program";
    for (const int pid : {supervisor, wrapper.worker_pid("upgraded")})
      EXPECT_EQ(std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe").string(), program) << pid;
    // The flood goes on through the upgrade, and the new program counts it.
    const std::uint64_t counted = wrapper.total_seen("upgraded");
    EXPECT_TRUE(eventually([&] { return wrapper.total_seen("upgraded") > counted; }, 30s)) << "round " << round;
  }
  flood.stop();
  const CommandResult r = container.wait(120s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::uint64_t calls = all_eacces(r.out);
  const auto summary = wrapper.final_summary("upgraded");
  EXPECT_EQ(summary["total"].GetUint64(), calls);
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
    EXPECT_TRUE(wrapper_.monitor_ended(id, 30s)) << id;
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
  // The container waits between its phases for the test: the warm RSS is read
  // after the warm-up, the last one while the monitor still runs.
  ScratchDir signal;
  Bundle bundle;
  bundle.add_bind_mount(signal.path(), "/signal");
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c",
                   "probe --repeat " + std::to_string(kWarm) +
                       " chroot s:/tmp; while [ ! -e /signal/go ]; do sleep 0.1; done; probe --repeat " +
                       std::to_string(kCalls - kWarm) +
                       " chroot s:/tmp; while [ ! -e /signal/end ]; do sleep 0.1; done"});
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.save();
  Background container(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), "flood"},
                       wrapper.env());
  ASSERT_TRUE(eventually([&] { return wrapper.total_seen("flood") == kWarm; }, 300s));
  const int monitor = wrapper.worker_pid("flood");
  const long warm = rss_kib(monitor);
  std::ofstream(signal.path() + "/go").close();
  // Generous: ten million round trips take about 80 s here.
  ASSERT_TRUE(eventually([&] { return wrapper.total_seen("flood") == kCalls; }, 1800s))
      << wrapper.total_seen("flood") << " of " << kCalls;
  const long after = rss_kib(monitor);
  std::ofstream(signal.path() + "/end").close();
  ASSERT_GT(warm, 0);
  ASSERT_GT(after, 0) << "the monitor must still be there to be measured";
  EXPECT_LT(after - warm, 256) << "RSS grew from " << warm << " KiB to " << after << " KiB";
  const CommandResult r = container.wait(120s);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("errno=13 (EACCES) calls=" + std::to_string(kCalls - kWarm)), std::string::npos) << r.out;
  // The event log keeps the first lines of each syscall, not ten million.
  EXPECT_LT(std::filesystem::file_size(wrapper.record_dir("flood") + "/events.jsonl"), 1u << 20);
  EXPECT_EQ(wrapper.final_summary("flood")["syscalls"][0]["count"].GetUint64(), kCalls);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Reliability, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
