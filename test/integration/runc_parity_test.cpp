// SPDX-License-Identifier: Apache-2.0
// Side by side with the plain runtime: the same bundle through runc (or crun)
// and through the wrapper, opted in, must end the same way, print the same and
// leave the same behind. Where it cannot (see README, "What cannot be the same"),
// the test pins the documented difference, so that a change in it is noticed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

constexpr const char* kWatch = "seccomp-witness.io/action";

/// A profile that allows everything but `mkdir`, which gets `action`.
std::string kill_mkdir(const std::string& action) {
  return R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
    "syscalls":[{"names":["mkdir"],"action":")" +
         action + R"("}]})";
}

/// runc's log lines carry the time; nothing else may differ.
std::string without_times(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(time="[^"]*" )"), "");
}

class Parity : public PerRuntimeTest {
 protected:
  struct Outcome {
    CommandResult plain;
    CommandResult ours;
  };

  /// Runs the bundle as container `id`: first under the plain runtime (a root of
  /// its own), then through the wrapper opted in with `log`.
  Outcome run_both(const std::string& id) {
    bundle_.save();
    const CommandResult plain = run(runtime_, {"--root", plain_root_.path(), "run", "-b", bundle_.path(), id});
    bundle_.set_annotation(kWatch, "log");
    bundle_.save();
    const CommandResult ours = run(env_path("WRAPPER"), args({"run", "-b", bundle_.path(), id}), wrapper_.env());
    return {plain, ours};
  }

  void expect_same(const Outcome& o) {
    EXPECT_EQ(o.ours.exit_code, o.plain.exit_code) << o.ours.err;
    EXPECT_EQ(o.ours.out, o.plain.out);
    EXPECT_EQ(without_times(o.ours.err), without_times(o.plain.err));
  }

  void set_hooks(const std::string& json) {
    auto& config = bundle_.config();
    rapidjson::Value hooks(common::parse_json(json, "hooks"), config.GetAllocator());
    if (config.HasMember("hooks")) config.RemoveMember("hooks");
    config.AddMember("hooks", hooks, config.GetAllocator());
  }

  Bundle bundle_;
  RuntimeRoot plain_root_{runtime_};
};

// 1. Killing rules end the caller as the kernel does.

TEST_P(Parity, KillProcessEndsTheCallerBySigsys) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL_PROCESS"));
  bundle_.set_args({"sh", "-c", "probe mkdir s:/tmp/x; echo status=$?"});
  const Outcome o = run_both("killproc");
  EXPECT_EQ(o.plain.out, "status=159\n");
  expect_same(o);
}

TEST_P(Parity, KillThreadOfASingleThreadedProcessEndsItBySigsys) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL"));
  bundle_.set_args({"sh", "-c", "probe mkdir s:/tmp/x; echo status=$?"});
  const Outcome o = run_both("killthread");
  EXPECT_EQ(o.plain.out, "status=159\n");
  expect_same(o);
}

TEST_P(Parity, KilledHookIsABadSystemCall) {
  // A startContainer hook runs in the container, under its profile.
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL"));
  bundle_.set_args({"true"});
  set_hooks(R"({"startContainer":[{"path":"/bin/sh","args":["sh","-c","probe mkdir s:/tmp/x"]}]})");
  const Outcome o = run_both("killhook");
  EXPECT_NE(o.plain.exit_code, 0);
  if (GetParam() == std::string("RUNC")) {
    EXPECT_NE(o.plain.err.find("bad system call"), std::string::npos) << o.plain.err;
  }
  expect_same(o);
}

// The kernel does the killing (kill rules stay its own): the same as runc where
// no process outside the kernel could reproduce it.

TEST_P(Parity, InitOfAPidNamespaceDiesBySigsys) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL_PROCESS"));
  bundle_.set_args({"probe", "mkdir", "s:/tmp/x"});
  const Outcome o = run_both("killinit");
  EXPECT_EQ(o.plain.exit_code, 128 + SIGSYS);
  expect_same(o);
}

TEST_P(Parity, KillThreadInAThreadOfManyEndsThatThread) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL"));
  bundle_.set_args({"sh", "-c", "probe --in-thread mkdir s:/tmp/x; echo status=$?"});
  const Outcome o = run_both("killmt");
  EXPECT_EQ(o.plain.out, "mkdir: the thread did not come back\nprocess goes on\nstatus=0\n");
  expect_same(o);
}

TEST_P(Parity, CaughtSigsysCannotSaveTheCaller) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL_PROCESS"));
  bundle_.set_args({"sh", "-c", "probe --catch-sigsys mkdir s:/tmp/x; echo status=$?"});
  const Outcome o = run_both("killcaught");
  EXPECT_EQ(o.plain.out, "status=159\n");  // the kernel's SIGSYS cannot be caught
  expect_same(o);
}

// Where the monitor may not read the kernel's kill records (kill_records =
// false, or no CAP_AUDIT_READ), kill rules notify and the monitor ends the
// caller by a signal: what no process outside the kernel can reproduce differs,
// as README lists.

TEST_P(Parity, WithoutKillRecordsTheInitIsKilledNotSigsysed) {
  wrapper_.configure("kill_records = false");
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL_PROCESS"));
  bundle_.set_args({"probe", "mkdir", "s:/tmp/x"});
  const Outcome o = run_both("killinit");
  EXPECT_EQ(o.plain.exit_code, 128 + SIGSYS);
  EXPECT_EQ(o.ours.exit_code, 128 + SIGKILL) << o.ours.err;
}

TEST_P(Parity, WithoutKillRecordsKillThreadEndsTheProcess) {
  wrapper_.configure("kill_records = false");
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL"));
  bundle_.set_args({"sh", "-c", "probe --in-thread mkdir s:/tmp/x; echo status=$?"});
  const Outcome o = run_both("killmt");
  EXPECT_EQ(o.plain.out, "mkdir: the thread did not come back\nprocess goes on\nstatus=0\n");
  EXPECT_EQ(o.ours.out, "status=159\n") << o.ours.err;
}

TEST_P(Parity, WithoutKillRecordsCaughtSigsysEndsBySigkill) {
  wrapper_.configure("kill_records = false");
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_KILL_PROCESS"));
  bundle_.set_args({"sh", "-c", "probe --catch-sigsys mkdir s:/tmp/x; echo status=$?"});
  const Outcome o = run_both("killcaught");
  EXPECT_EQ(o.plain.out, "status=159\n");
  EXPECT_EQ(o.ours.out, "status=137\n") << o.ours.err;
}

// 3. Quiet like runc: nothing on stderr that runc would not print.

TEST_P(Parity, OptedInRunPrintsWhatRuncPrints) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
  bundle_.set_args({"sh", "-c", "echo out; echo err >&2; probe mkdir s:/tmp/x"});
  expect_same(run_both("quiet"));
}

TEST_P(Parity, UnchangedContainerPrintsWhatRuncPrints) {
  // Opted in without a profile: running unchanged is no news for stderr.
  bundle_.config()["linux"].RemoveMember("seccomp");
  bundle_.set_args({"echo", "hello"});
  expect_same(run_both("noprofile"));
}

TEST_P(Parity, InfoGoesToTheLogFile) {
  ScratchDir logs;
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
  bundle_.set_args({"true"});
  bundle_.set_annotation(kWatch, "log");
  bundle_.save();
  const std::string log = logs.path() + "/runtime.log";
  std::vector<std::string> a{"--root", root_.path(), "--log", log, "run", "-b", bundle_.path(), "logged"};
  const CommandResult r = run(env_path("WRAPPER"), a, wrapper_.env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(read_if_exists(log).find("container logged: watched (log"), std::string::npos) << read_if_exists(log);
}

// 4. Hooks may call the wrapper, as runc's hooks call runc.

TEST_P(Parity, PoststartHookCallsTheRuntime) {
  ScratchDir out;
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
  // The container runs until the hook has asked for its state.
  const std::string hooked = bundle_.path() + "/rootfs/tmp/hooked";
  bundle_.set_args({"sh", "-c", "while [ ! -e /tmp/hooked ]; do sleep 0.02; done"});
  auto hook = [&](const std::string& runtime, const std::string& root, const std::string& file) {
    set_hooks(R"({"poststart":[{"path":"/bin/sh","args":["sh","-c",")" + runtime + " --root " + root +
              " state hooked > " + out.path() + "/" + file + "; touch " + hooked + R"("]}]})");
  };
  hook(runtime_, plain_root_.path(), "plain.json");
  bundle_.save();
  const CommandResult plain = run(runtime_, {"--root", plain_root_.path(), "run", "-b", bundle_.path(), "hooked"});
  std::filesystem::remove(hooked);
  hook(env_path("WRAPPER"), root_.path(), "ours.json");
  bundle_.set_annotation(kWatch, "log");
  bundle_.save();
  const CommandResult ours = run(env_path("WRAPPER"), args({"run", "-b", bundle_.path(), "hooked"}), wrapper_.env());
  EXPECT_EQ(ours.exit_code, plain.exit_code) << ours.err;
  EXPECT_EQ(ours.err, plain.err);
  std::vector<std::string> statuses;
  for (const char* file : {"plain.json", "ours.json"}) {
    const std::string state = read_if_exists(out.path() + "/" + file);
    ASSERT_FALSE(state.empty()) << file;
    const auto doc = common::parse_json(state, file);
    EXPECT_STREQ(doc["id"].GetString(), "hooked");
    statuses.emplace_back(doc["status"].GetString());  // runc 1.1 says "created" there, crun "running"
  }
  EXPECT_EQ(statuses[1], statuses[0]);
}

TEST_P(Parity, RuntimeThatExecsTheWrapperIsALoop) {
  ScratchDir dir;
  const std::string script = dir.path() + "/runc";
  std::ofstream(script) << "#!/bin/sh\nexec " << env_path("WRAPPER") << " \"$@\"\n";
  ::chmod(script.c_str(), 0755);
  const WrapperEnv looping(script);  // config.toml's runtime: the script
  const CommandResult r = run(env_path("WRAPPER"), {"state", "x"}, looping.env());
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("the configured runtime runs seccomp-witness again"), std::string::npos) << r.err;
}

// 2. A container id used again gets nothing of the container that had it.

class ReusedId : public PerRuntimeTest {
 protected:
  /// Runs a watched container `id` under `root` to its end (run deletes it).
  void watched_and_gone(const std::string& id, const std::string& root) {
    Bundle watched;
    watched.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
    watched.set_args({"probe", "mkdir", "s:/tmp/x"});
    watched.set_annotation(kWatch, "log");
    watched.save();
    const CommandResult r = run(env_path("WRAPPER"), {"--root", root, "run", "-b", watched.path(), id}, wrapper_.env());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(wrapper_.monitor_ended(id, 30s));
  }

  /// Starts an unwatched container `id` under `root`, through the wrapper.
  void unwatched(const std::string& id, const std::string& root) {
    unwatched_.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
    unwatched_.set_args({"sleep", "30"});
    unwatched_.save();
    for (const char* step : {"create", "start"}) {
      std::vector<std::string> a{"--root", root, step};
      if (std::string(step) == "create") a.insert(a.end(), {"-b", unwatched_.path()});
      a.push_back(id);
      const CommandResult r = run(env_path("WRAPPER"), a, wrapper_.env());
      ASSERT_EQ(r.exit_code, 0) << step << ": " << r.err;
      EXPECT_EQ(r.err, "") << step;
    }
  }

  /// An exec through the wrapper must be runc's own: no monitor, nothing said.
  void expect_plain_exec(const std::string& id, const std::string& root) {
    const CommandResult r =
        run(env_path("WRAPPER"), {"--root", root, "exec", id, "probe", "mkdir", "s:/tmp/y"}, wrapper_.env());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "mkdir = -1 errno=1 (EPERM)\n");
    EXPECT_EQ(r.err, "");
    EXPECT_FALSE(std::filesystem::exists(wrapper_.state_dir(id))) << "a monitor was started for it";
  }

  /// The past records of `id` (`seccomp-witnessctl --json list`).
  std::vector<std::string> past_states(const std::string& id) {
    const CommandResult r = run(env_path("CTL"), {"--state-dir", wrapper_.state_root(), "--json", "list"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> states;
    const auto all = common::parse_json(r.out, "list");
    for (const auto& s : all.GetArray())
      if (s["containerId"].GetString() == id && s.HasMember("past")) states.emplace_back(s["state"].GetString());
    return states;
  }

  Bundle unwatched_;
};

TEST_P(ReusedId, SameRootAfterRun) {
  watched_and_gone("reused", root_.path());
  unwatched("reused", root_.path());
  expect_plain_exec("reused", root_.path());
  EXPECT_EQ(past_states("reused"), std::vector<std::string>{"exited"});
  // `list` says what it keeps of past containers (config.toml's defaults here).
  const CommandResult list = run(env_path("CTL"), {"--state-dir", wrapper_.state_root(), "list"}, wrapper_.env());
  EXPECT_NE(list.out.find("1 past container(s), kept 3600 s, at most 256 and 67108864 bytes"), std::string::npos)
      << list.out;
}

TEST_P(ReusedId, AnotherRootWhileTheRecordStays) {
  watched_and_gone("elsewhere", root_.path());
  RuntimeRoot other(runtime_);
  // Not created through the wrapper: only the exec passes it.
  unwatched_.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
  unwatched_.set_args({"sleep", "30"});
  unwatched_.save();
  ASSERT_EQ(run(runtime_, {"--root", other.path(), "run", "-d", "-b", unwatched_.path(), "elsewhere"}).exit_code, 0);
  const CommandResult r = run(
      env_path("WRAPPER"), {"--root", other.path(), "exec", "elsewhere", "probe", "mkdir", "s:/tmp/y"}, wrapper_.env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // The old record is still the old one: its monitor was not started again.
  EXPECT_STREQ(wrapper_.summary("elsewhere")["state"].GetString(), "exited");
}

TEST_P(ReusedId, DeleteRetiresTheRecord) {
  Bundle watched;
  watched.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
  watched.set_args({"probe", "mkdir", "s:/tmp/x"});
  watched.set_annotation(kWatch, "stop");
  watched.save();
  for (const std::vector<std::string>& step :
       {std::vector<std::string>{"create", "-b", watched.path(), "deleted"}, {"start", "deleted"}}) {
    const CommandResult r = run(env_path("WRAPPER"), args(step), wrapper_.env());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  ASSERT_TRUE(wrapper_.monitor_ended("deleted", 30s));
  const CommandResult del = run(env_path("WRAPPER"), args({"delete", "deleted"}), wrapper_.env());
  EXPECT_EQ(del.exit_code, 0) << del.err;
  EXPECT_EQ(del.err, "");
  EXPECT_FALSE(std::filesystem::exists(wrapper_.state_dir("deleted")));
  EXPECT_EQ(past_states("deleted"), std::vector<std::string>{"exited"});
  unwatched("deleted", root_.path());
  expect_plain_exec("deleted", root_.path());
}

// 5. A refused create never touches the running container's state.

TEST_P(Parity, SecondCreateOfARunningIdLeavesItAlone) {
  bundle_.set_seccomp(kill_mkdir("SCMP_ACT_ERRNO"));
  bundle_.set_args({"sleep", "30"});
  bundle_.save();
  ASSERT_EQ(run(runtime_, {"--root", plain_root_.path(), "run", "-d", "-b", bundle_.path(), "twice"}).exit_code, 0);
  const CommandResult plain = run(runtime_, {"--root", plain_root_.path(), "create", "-b", bundle_.path(), "twice"});
  bundle_.set_annotation(kWatch, "log");
  bundle_.save();
  const CommandResult first =
      run(env_path("WRAPPER"), args({"run", "-d", "-b", bundle_.path(), "twice"}), wrapper_.env());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // The monitor writes its pid file itself, after the wrapper has gone on.
  ASSERT_TRUE(eventually([&] { return wrapper_.monitor_pid("twice") > 0; }, 30s));
  const int monitor = wrapper_.monitor_pid("twice");

  const CommandResult ours = run(env_path("WRAPPER"), args({"create", "-b", bundle_.path(), "twice"}), wrapper_.env());
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_EQ(ours.exit_code, plain.exit_code);
  EXPECT_EQ(without_times(ours.err), without_times(plain.err));

  EXPECT_TRUE(process_alive(monitor));
  EXPECT_EQ(wrapper_.monitor_pid("twice"), monitor);
  EXPECT_TRUE(std::filesystem::exists(wrapper_.state_dir("twice") + "/notify.sock"));
  // Execs still reach the listener, through the wrapper and through the runtime alone.
  for (const std::string& program : {env_path("WRAPPER"), runtime_}) {
    const CommandResult exec = run(program, args({"exec", "twice", "probe", "mkdir", "s:/tmp/y"}), wrapper_.env());
    EXPECT_EQ(exec.exit_code, 0) << program << ": " << exec.err;
    EXPECT_EQ(exec.out, "mkdir = -1 errno=1 (EPERM)\n") << program;
  }
  EXPECT_TRUE(eventually([&] { return wrapper_.total_seen("twice") == 2; }, 10s)) << wrapper_.total_seen("twice");
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Parity, ::testing::Values("RUNC", "CRUN"));
INSTANTIATE_TEST_SUITE_P(Runtimes, ReusedId, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
