// SPDX-License-Identifier: Apache-2.0
// A kill rule kills exactly as under runc, wherever the call comes from: the
// container's init or an exec'd process, their main thread or another, or a
// child of theirs; SCMP_ACT_KILL_PROCESS and SCMP_ACT_KILL_THREAD. The kernel
// does the killing (the rule stays its own), and the monitor learns of each kill
// from the kernel's audit record: counted, and with `stop` in the message. A
// process whose thread was killed goes on a moment (--linger) before it exits,
// and a shell whose child was killed a moment after, as programs do: where a
// killed process and every parent of it in the container are gone and reaped
// before the monitor reads the kernel's records (microseconds), the kill may not
// be placed (README, "Kill rules").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

/// Where the killed call comes from.
struct Caller {
  const char* name;
  bool in_exec;                      ///< from a process `exec` started, else from the container's own
  std::vector<std::string> command;  ///< what makes the call
};

const Caller kCallers[] = {
    {"init", false, {"probe", "mkdir", "s:/tmp/x"}},
    {"init-thread", false, {"probe", "--in-thread", "--linger", "200", "mkdir", "s:/tmp/x"}},
    {"init-child", false, {"sh", "-c", "probe mkdir s:/tmp/x; echo status=$?; sleep 0.2"}},
    {"init-child-thread",
     false,
     {"sh", "-c", "probe --in-thread --linger 200 mkdir s:/tmp/x; echo status=$?; sleep 0.2"}},
    {"exec", true, {"probe", "mkdir", "s:/tmp/x"}},
    {"exec-thread", true, {"probe", "--in-thread", "--linger", "200", "mkdir", "s:/tmp/x"}},
    {"exec-child", true, {"sh", "-c", "probe mkdir s:/tmp/x; echo status=$?; sleep 0.2"}},
};

void PrintTo(const Caller& caller, std::ostream* out) {
  *out << caller.name;
}

std::string kill_mkdir(const std::string& action) {
  return R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
    "syscalls":[{"names":["mkdir"],"action":")" +
         action + R"("}]})";
}

using Param = std::tuple<const char*, const char*, Caller>;

class KillRules : public ::testing::TestWithParam<Param> {
 protected:
  void SetUp() override { REQUIRE_CONTAINERS(runtime_); }

  [[nodiscard]] const std::string& action() const { return action_; }
  [[nodiscard]] const Caller& caller() const { return caller_; }

  /// What the call's process ends with (the exec's, or the container's) through
  /// `program` under `root`, in container `id`; `annotations` opt it in.
  CommandResult make_the_call(const std::string& program, const std::string& root, const std::string& id,
                              const std::map<std::string, std::string>& annotations,
                              const std::map<std::string, std::string>& env) {
    Bundle bundle;
    bundle.set_seccomp(kill_mkdir(action_));
    bundle.add_bind_mount(termination_.path() + "/" + id, "/dev/termination-log");
    std::ofstream(termination_.path() + "/" + id).close();
    for (const auto& [key, value] : annotations) bundle.set_annotation(key, value);
    if (!caller_.in_exec) {
      bundle.set_args(caller_.command);
      bundle.save();
      return run(program, {"--root", root, "run", "-b", bundle.path(), id}, env, 60s);
    }
    // The container waits; the call comes from an exec, and then the container ends.
    const std::string done = termination_.path() + "/" + id + ".done";
    bundle.add_bind_mount(termination_.path(), "/signal");
    bundle.set_args({"sh", "-c", "while [ ! -e /signal/" + id + ".done ]; do sleep 0.05; done"});
    bundle.save();
    Background container(program, {"--root", root, "run", "-b", bundle.path(), id}, env);
    std::vector<std::string> exec = {"--root", root, "exec", id};
    exec.insert(exec.end(), caller_.command.begin(), caller_.command.end());
    EXPECT_TRUE(eventually(
        [&] {
          return run(runtime_, {"--root", root, "state", id}).out.find("running") != std::string::npos;
        },
        60s));
    CommandResult r = run(program, exec, env, 60s);
    std::ofstream(done).close();
    (void)container.wait(60s);
    return r;
  }

  std::string runtime_ = env_path(std::get<0>(GetParam()));
  std::string action_ = std::get<1>(GetParam());
  Caller caller_ = std::get<2>(GetParam());
  RuntimeRoot plain_root_{runtime_};
  RuntimeRoot root_{runtime_};
  WrapperEnv wrapper_{runtime_};
  ScratchDir termination_;
};

TEST_P(KillRules, KillAsUnderRuncAndCountTheKill) {
  const CommandResult plain = make_the_call(runtime_, plain_root_.path(), "plain", {}, {});
  const CommandResult ours =
      make_the_call(env_path("WRAPPER"), root_.path(), "ours", {{"seccomp-witness.io/action", "log"}}, wrapper_.env());
  // Status, signal and the threads that survive: what the process says and how it ends.
  EXPECT_EQ(ours.exit_code, plain.exit_code) << ours.err;
  EXPECT_EQ(ours.out, plain.out);
  const auto summary = wrapper_.final_summary("ours");
  ASSERT_TRUE(summary.HasMember("syscalls")) << read_if_exists(wrapper_.record_dir("ours") + "/monitor.log");
  ASSERT_EQ(summary["syscalls"].Size(), 1u)
      << common::to_json(summary) << read_if_exists(wrapper_.record_dir("ours") + "/monitor.log");
  const auto& mkdir = summary["syscalls"][0];
  EXPECT_STREQ(mkdir["name"].GetString(), "mkdir");
  EXPECT_EQ(mkdir["count"].GetUint64(), 1u);
  EXPECT_STREQ(mkdir["verdict"].GetString(), action_ == "SCMP_ACT_KILL_PROCESS" ? "kill_process" : "kill_thread");
  EXPECT_STREQ(mkdir["callers"][0]["comm"].GetString(), "probe");
}

TEST_P(KillRules, StopsWithTheMessage) {
  const CommandResult r =
      make_the_call(env_path("WRAPPER"), root_.path(), "stopped",
                    {{"seccomp-witness.io/action", "stop"}, {"seccomp-witness.io/stop-after", "0.5"}}, wrapper_.env());
  (void)r;
  EXPECT_TRUE(wrapper_.monitor_ended("stopped", 60s));
  EXPECT_EQ(read_if_exists(termination_.path() + "/stopped"), "Used forbidden syscalls: mkdir (1x)")
      << read_if_exists(wrapper_.record_dir("stopped") + "/monitor.log");
}

std::string name(const ::testing::TestParamInfo<Param>& info) {
  std::string n = std::string(std::get<0>(info.param)) + "_" +
                  (std::string(std::get<1>(info.param)) == "SCMP_ACT_KILL_PROCESS" ? "process" : "thread") + "_" +
                  std::get<2>(info.param).name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Callers, KillRules,
                         ::testing::Combine(::testing::Values("RUNC", "CRUN"),
                                            ::testing::Values("SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD"),
                                            ::testing::ValuesIn(kCallers)),
                         name);

}  // namespace
}  // namespace itest
