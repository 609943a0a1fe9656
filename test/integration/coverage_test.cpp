// SPDX-License-Identifier: Apache-2.0
// Coverage mode with real runc and crun under containers-common's profile: a
// syscall the profile does not name, denied by its default action, is reported
// in full mode with the errno the container gets without us, and not in named
// mode; the profile's blind spots are in the summary.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// io_uring_setup is in no rule of containers-common's profile: its default action
// (ERRNO, defaultErrnoRet 38) denies it. chroot is denied by a rule of its own.
constexpr const char* kScript = "probe io_uring_setup 0 0; probe chroot s:/tmp; echo done";

rapidjson::Document summary(const WrapperEnv& wrapper, const std::string& id) {
  const std::string text = read_if_exists(wrapper.state_dir(id) + "/summary.json");
  return common::parse_json(text.empty() ? "{}" : text, "summary.json");
}

std::uint64_t count_of(const rapidjson::Document& summary, const std::string& syscall) {
  if (!summary.HasMember("syscalls")) return 0;
  for (const auto& s : summary["syscalls"].GetArray())
    if (syscall == s["name"].GetString()) return s["count"].GetUint64();
  return 0;
}

class CoverageTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    REQUIRE_CONTAINERS(runtime_);
    bundle_.set_seccomp(resolved_profile("CONTAINERS_COMMON_PROFILE", bundle_));
    bundle_.set_args({"sh", "-c", kScript});
    bundle_.save();
    RuntimeRoot plain_root(runtime_);
    plain_ = run(runtime_, {"--root", plain_root.path(), "run", "-b", bundle_.path(), "plain"});
    ASSERT_EQ(plain_.exit_code, 0) << plain_.err;
    ASSERT_NE(plain_.out.find("io_uring_setup = -1 errno=38 (ENOSYS)"), std::string::npos) << plain_.out;
  }

  /// Runs the container through the wrapper, opted in with `log` and `coverage`.
  rapidjson::Document watched(const std::string& id, const std::string& coverage) {
    bundle_.set_annotation("seccomp-witness.io/action", "log");
    bundle_.set_annotation("seccomp-witness.io/coverage", coverage);
    bundle_.save();
    RuntimeRoot root(runtime_);
    const CommandResult r =
        run(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle_.path(), id}, wrapper_.env());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, plain_.out) << "the container must see what it sees without us";
    EXPECT_TRUE(eventually([&] { return count_of(summary(wrapper_, id), "chroot") == 1; }, 10s))
        << read_if_exists(wrapper_.state_dir(id) + "/monitor.log");
    return summary(wrapper_, id);
  }

  std::string runtime_ = env_path(GetParam());
  WrapperEnv wrapper_{runtime_};
  Bundle bundle_;
  CommandResult plain_;
};

TEST_P(CoverageTest, FullModeReportsWhatTheDefaultActionDenies) {
  const auto s = watched("full", "full");
  EXPECT_STREQ(s["coverage"].GetString(), "full");
  EXPECT_EQ(count_of(s, "io_uring_setup"), 1u);
  for (const auto& syscall : s["syscalls"].GetArray()) {
    if (std::string("io_uring_setup") == syscall["name"].GetString()) {
      EXPECT_EQ(syscall["errno"].GetInt(), 38);
    }
  }
  // personality is allowed for a few arguments only; the others are notified
  // too (their complement), so full coverage leaves nothing unseen.
  ASSERT_TRUE(s["blindSpots"].IsArray());
  EXPECT_EQ(common::to_json(s["blindSpots"]), "[]");
}

TEST_P(CoverageTest, NamedModeSeesOnlyTheProfilesOwnRules) {
  const auto s = watched("named", "named");
  EXPECT_STREQ(s["coverage"].GetString(), "named");
  EXPECT_EQ(count_of(s, "io_uring_setup"), 0u);
  EXPECT_EQ(s["total"].GetUint64(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, CoverageTest, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
