// SPDX-License-Identifier: Apache-2.0
// The wrapper in place of runc (or crun) for a container that is not opted in:
// every command must behave exactly as the runtime itself does.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

/// What one lifecycle printed and returned, with the parts that differ between
/// two runs by nature (pids, times) taken out.
std::vector<std::string> lifecycle(const std::string& program, const std::string& root, Bundle& bundle,
                                   const std::map<std::string, std::string>& env) {
  std::vector<std::string> seen;
  const auto step = [&](const std::vector<std::string>& args) {
    std::vector<std::string> full{"--root", root};
    full.insert(full.end(), args.begin(), args.end());
    const CommandResult r = run(program, full, env);
    static const std::regex time_field(R"(time="[^"]*")");
    std::string out = r.out;
    if (args[0] == "state" && r.exit_code == 0) {
      auto state = common::parse_json(out, "state");
      state.RemoveMember("pid");
      state.RemoveMember("created");
      out = common::to_json(state);
    }
    // Each run has its own --root; error messages name it.
    const std::string err =
        std::regex_replace(std::regex_replace(r.err, time_field, "time=T"), std::regex(root), "ROOT");
    seen.push_back(args[0] + " -> " + std::to_string(r.exit_code) + " out[" + out + "] err[" + err + "]");
    return r;
  };
  step({"create", "--bundle", bundle.path(), "c1"});
  step({"state", "c1"});
  step({"start", "c1"});
  step({"state", "c1"});
  step({"exec", "c1", "echo", "hello from exec"});
  step({"exec", "c1", "sh", "-c", "exit 3"});
  step({"kill", "c1", "KILL"});
  for (int i = 0; i < 200; ++i) {
    if (run(program, {"--root", root, "state", "c1"}, env).out.find("\"stopped\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  step({"state", "c1"});
  step({"delete", "c1"});
  step({"state", "c1"});
  step({"no-such-command"});
  return seen;
}

class Passthrough : public ::testing::TestWithParam<const char*> {};

TEST_P(Passthrough, LifecycleIsTheRuntimesOwn) {
  const std::string runtime = env_path(GetParam());
  REQUIRE_CONTAINERS(runtime);
  const WrapperEnv wrapper(runtime, env_path("MONITOR"));

  Bundle bundle;
  bundle.set_args({"sleep", "30"});
  bundle.save();
  const std::string before = bundle.config_text();

  RuntimeRoot plain_root(runtime);
  const auto plain = lifecycle(runtime, plain_root.path(), bundle, {});
  RuntimeRoot wrapped_root(runtime);
  const auto wrapped = lifecycle(env_path("WRAPPER"), wrapped_root.path(), bundle, wrapper.env());

  ASSERT_EQ(plain.size(), wrapped.size());
  for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(wrapped[i], plain[i]);
  EXPECT_NE(plain[4].find("hello from exec"), std::string::npos) << plain[4];
  EXPECT_EQ(bundle.config_text(), before) << "config.json of a container that is not opted in must not change";
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Passthrough, ::testing::Values("RUNC", "CRUN"));

TEST(Passthrough, ForegroundRunKeepsExitCodeAndOutput) {
  const std::string runtime = env_path("RUNC");
  REQUIRE_CONTAINERS(runtime);
  const WrapperEnv wrapper(runtime, env_path("MONITOR"));
  Bundle bundle;
  bundle.set_args({"sh", "-c", "echo out; echo err >&2; exit 42"});
  bundle.save();
  RuntimeRoot root(runtime);
  const CommandResult r =
      run(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), "fg"}, wrapper.env());
  EXPECT_EQ(r.exit_code, 42);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
}

}  // namespace
}  // namespace itest
