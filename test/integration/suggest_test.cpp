// SPDX-License-Identifier: Apache-2.0
// seccomp-witnessctl suggest, the loop an operator runs: a workload opted in with
// `log` under containers-common's profile; the profile suggested from what was
// seen; the same workload under it with the plain runtime (nothing denied) and
// opted in again (nothing counted); a workload with one more call (still denied).
// Then the same for argument values: only the setsockopt option seen is allowed.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

// Each call fails one way when containers-common's profile denies it (by
// name: EPERM) and another when it is allowed: chroot finds no such directory,
// sysfs counts filesystem types.
const std::string kWorkload = "probe chroot s:/nonexistent; probe sysfs 3";
// The same, and ustat, which the profile denies too and the workload never made.
const std::string kOneMore = kWorkload + "; probe ustat 0 0";

// setsockopt with SOL_SOCKET (1) and SO_SNDBUF (7); then SO_RCVBUF (8) too.
const std::string kSetsOption = "probe sockopt 1 7 65536";
const std::string kSetsAnother = kSetsOption + "; probe sockopt 1 8 65536";

/// containers-common's profile as a container gets it (null), or with
/// setsockopt left to the default action (ENOSYS): a syscall denied for every
/// argument, of which a suggestion may allow only the option seen.
rapidjson::Document containers_common(const Bundle& bundle, bool without_setsockopt) {
  rapidjson::Document profile = resolved_profile("CONTAINERS_COMMON_PROFILE", bundle);
  for (auto& rule : profile["syscalls"].GetArray()) {
    auto& names = rule["names"];
    for (auto n = names.Begin(); n != names.End();)
      n = without_setsockopt && std::string_view(n->GetString()) == "setsockopt" ? names.Erase(n) : n + 1;
  }
  return profile;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class Suggest : public PerRuntimeTest {
 protected:
  /// Runs `script` in a container under `seccomp`: through the wrapper opted in
  /// with `log` (full coverage: also what the default action denies), or with
  /// the plain runtime.
  CommandResult run_workload(const std::string& id, const rapidjson::Value* seccomp, const std::string& script,
                             bool opted_in, bool without_setsockopt = false, const std::string& pod = "") {
    Bundle bundle;
    if (seccomp != nullptr)
      bundle.set_seccomp(*seccomp);
    else
      bundle.set_seccomp(containers_common(bundle, without_setsockopt));
    bundle.set_args({"sh", "-c", script});
    if (!pod.empty()) {
      bundle.set_annotation("io.kubernetes.pod.name", pod);
      bundle.set_annotation("io.kubernetes.pod.namespace", "shop");
    }
    if (opted_in) {
      bundle.set_annotation("seccomp-witness.io/action", "log");
      bundle.set_annotation("seccomp-witness.io/coverage", "full");
    }
    bundle.save();
    const std::string program = opted_in ? env_path("WRAPPER") : runtime_;
    return run(program, args({"run", "-b", bundle.path(), id}), wrapper_.env());
  }

  std::uint64_t counted(const std::string& id) const {
    const std::string text = read_if_exists(wrapper_.record_dir(id) + "/summary.json");
    const auto summary = common::parse_json(text.empty() ? "{}" : text, "summary.json");
    return summary.HasMember("total") ? summary["total"].GetUint64() : 0;
  }

  CommandResult ctl(std::vector<std::string> rest) const {
    rest.insert(rest.begin(), {"--state-dir", wrapper_.state_root()});
    return run(env_path("CTL"), rest, wrapper_.env());
  }
};

TEST_P(Suggest, TheSuggestedProfileLetsTheWorkloadRunAndNoMore) {
  const CommandResult seen = run_workload("seen", nullptr, kWorkload, true);
  ASSERT_EQ(seen.exit_code, 0) << seen.err;
  EXPECT_NE(seen.out.find("chroot = -1 errno=1 (EPERM)"), std::string::npos) << seen.out;
  EXPECT_NE(seen.out.find("sysfs = -1 errno=1 (EPERM)"), std::string::npos) << seen.out;
  ASSERT_TRUE(eventually([&] { return counted("seen") == 2; }, 10s))
      << read_if_exists(wrapper_.record_dir("seen") + "/summary.json");

  const CommandResult suggested = ctl({"suggest", "seen"});
  ASSERT_EQ(suggested.exit_code, 0) << suggested.err;
  const auto profile = common::parse_json(suggested.out, "suggested profile");
  EXPECT_NE(suggested.err.find("+ chroot: allowed (1 call by probe (/bin/probe))"), std::string::npos) << suggested.err;
  EXPECT_NE(suggested.err.find("- sysfs: no longer denied by name"), std::string::npos) << suggested.err;
  EXPECT_EQ(suggested.err.find("denied unseen"), std::string::npos)
      << "full coverage notifies what conditional rules leave to the default: " << suggested.err;
  EXPECT_FALSE(profile.HasMember("listenerPath"));

  // The plain runtime under the suggestion: every call gets past seccomp.
  const CommandResult plain = run_workload("plain", &profile, kWorkload, false);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("chroot = -1 errno=2 (ENOENT)"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("sysfs = "), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find("errno=1 (EPERM)"), std::string::npos) << plain.out;

  // Opted in again under it: nothing to count.
  const CommandResult again = run_workload("again", &profile, kWorkload, true);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, plain.out);
  const auto summary = wrapper_.final_summary("again");
  ASSERT_TRUE(summary.HasMember("total")) << common::to_json(summary);
  EXPECT_EQ(summary["total"].GetUint64(), 0u);

  // One call more, which it never made: still denied, and counted.
  for (const bool opted_in : {true, false}) {
    const CommandResult more = run_workload(opted_in ? "more" : "more-plain", &profile, kOneMore, opted_in);
    ASSERT_EQ(more.exit_code, 0) << more.err;
    EXPECT_TRUE(more.out.starts_with(plain.out)) << more.out;
    EXPECT_TRUE(more.out.ends_with("ustat = -1 errno=1 (EPERM)\n")) << more.out;
  }
  EXPECT_TRUE(eventually([&] { return counted("more") == 1; }, 10s)) << counted("more");
}

TEST_P(Suggest, OnlyTheArgumentValuesSeenAreAllowed) {
  const CommandResult seen = run_workload("seen", nullptr, kSetsOption, true, true);
  ASSERT_EQ(seen.exit_code, 0) << seen.err;
  EXPECT_NE(seen.out.find("setsockopt = -1 errno=38 (ENOSYS)"), std::string::npos) << seen.out;
  ASSERT_TRUE(eventually([&] { return counted("seen") == 1; }, 10s));
  const CommandResult suggested = ctl({"suggest", "seen"});
  ASSERT_EQ(suggested.exit_code, 0) << suggested.err;
  EXPECT_NE(suggested.err.find("+ setsockopt when arg1 == 0x1 && arg2 == 0x7: allowed"), std::string::npos)
      << suggested.err;
  EXPECT_NE(suggested.err.find("setsockopt: calls with other arguments stay denied"), std::string::npos)
      << suggested.err;
  const auto profile = common::parse_json(suggested.out, "suggested profile");

  // The option seen is set; another stays denied, and opted in it is seen:
  // the complement of the allowing conditions is notified too.
  for (const bool opted_in : {false, true}) {
    const CommandResult r = run_workload(opted_in ? "more" : "more-plain", &profile, kSetsAnother, opted_in);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(occurrences(r.out, "setsockopt = 0"), 1u) << r.out;
    EXPECT_EQ(occurrences(r.out, "setsockopt = -1 errno=38 (ENOSYS)"), 1u) << r.out;
  }
  const auto doc = wrapper_.final_summary("more");
  ASSERT_TRUE(doc.HasMember("blindSpots")) << common::to_json(doc);
  EXPECT_EQ(common::to_json(doc["blindSpots"]), "[]");
  EXPECT_EQ(doc["total"].GetUint64(), 1u) << common::to_json(doc);
}

TEST_P(Suggest, EveryFormatSaysTheSameRules) {
  ASSERT_EQ(run_workload("seen", nullptr, kWorkload, true).exit_code, 0);
  ASSERT_TRUE(eventually([&] { return counted("seen") == 2; }, 10s));

  // containers-common's format and kubelet's Localhost file: the rules, with the callers as comments.
  for (const char* format : {"docker", "localhost"}) {
    const CommandResult r = ctl({"suggest", "--format", format, "seen"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto profile = common::parse_json(r.out, format);
    bool commented = false;
    for (const auto& rule : profile["syscalls"].GetArray())
      if (rule.HasMember("comment") && std::string(rule["comment"].GetString()).find("probe (") != std::string::npos)
        commented = true;
    EXPECT_TRUE(commented) << format << ": " << r.out;
  }
  const CommandResult oci = ctl({"suggest", "seen"});
  EXPECT_EQ(oci.out.find("\"comment\""), std::string::npos) << "an OCI section has no comments";

  // The Security Profiles Operator's resource, checked field by field.
  ScratchDir dir;
  const CommandResult spo =
      ctl({"suggest", "--format", "spo", "--name", "web", "-o", dir.path() + "/web.yaml", "seen"});
  ASSERT_EQ(spo.exit_code, 0) << spo.err;
  EXPECT_NE(spo.err.find("defaultErrnoRet 38"), std::string::npos) << "what the resource cannot say is named";
  const CommandResult check = run("/usr/bin/python3", {env_path("SPO_CHECK"), dir.path() + "/web.yaml"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_P(Suggest, APodsContainersAreFoldedTogether) {
  // Two containers of one pod, each denied something else; a third elsewhere.
  ASSERT_EQ(run_workload("web-1", nullptr, "probe chroot s:/nonexistent", true, false, "web").exit_code, 0);
  ASSERT_EQ(run_workload("web-2", nullptr, "probe sysfs 3", true, false, "web").exit_code, 0);
  ASSERT_EQ(run_workload("db-1", nullptr, "probe ustat 0 0", true, false, "db").exit_code, 0);
  ASSERT_TRUE(eventually([&] { return counted("web-1") == 1 && counted("web-2") == 1 && counted("db-1") == 1; }, 10s));
  const CommandResult r = ctl({"suggest", "--format", "spo", "--pod", "web", "--namespace", "shop"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("suggested from 2 container(s)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("name: \"seccomp-witness-web\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("namespace: \"shop\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("- \"chroot\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("- \"sysfs\""), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("ustat"), std::string::npos) << "not the other pod's: " << r.err;
}

TEST_P(Suggest, NamesWhatItCannotSelect) {
  const CommandResult none = ctl({"suggest"});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("name containers"), std::string::npos) << none.err;
  const CommandResult unknown = ctl({"suggest", "--pod", "no-such-pod"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no container matches"), std::string::npos) << unknown.err;
  const CommandResult format = ctl({"suggest", "--format", "xml", "x"});
  EXPECT_NE(format.exit_code, 0);
  EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Suggest, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
