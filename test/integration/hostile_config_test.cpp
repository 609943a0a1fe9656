// SPDX-License-Identifier: Apache-2.0
// Malformed and hostile config.json for an opted-in container, through the
// wrapper with real runc: each gets an error that names the file and what is
// wrong, the file is left byte for byte as it was, and the runtime gets it as if
// we were not there (same exit code, same output).
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "fixture.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

/// Replaces the first `from` in `text` by `to`.
std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

/// Adds a top-level member `"name": value` (raw JSON) to a config's text.
std::string with_member(const std::string& config, const std::string& name, const std::string& value) {
  return "{\"" + name + "\":" + value + "," + config.substr(config.find('{') + 1);
}

struct Case {
  const char* name;
  std::function<std::string(const std::string&)> hostile;  // the saved config.json's text -> the hostile one
  const char* why;                                         // what the error must say
};

class HostileConfig : public ::testing::TestWithParam<Case> {};

TEST_P(HostileConfig, IsNamedLeftUntouchedAndHandedToTheRuntime) {
  REQUIRE_CONTAINERS(env_path("RUNC"));
  Bundle bundle;
  bundle.set_seccomp(
      R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"}]})");
  bundle.set_args({"sh", "-c", "chroot /tmp; echo chroot=$?"});
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.save();
  const std::string hostile = GetParam().hostile(bundle.config_text());
  ASSERT_NE(hostile, bundle.config_text()) << "the case changed nothing";
  std::ofstream(bundle.config_path(), std::ios::binary | std::ios::trunc) << hostile;

  RuntimeRoot plain_root(env_path("RUNC"));
  const CommandResult plain = run(env_path("RUNC"), {"--root", plain_root.path(), "run", "-b", bundle.path(), "h"});
  const WrapperEnv wrapper(env_path("RUNC"));
  RuntimeRoot root(env_path("RUNC"));
  const CommandResult ours =
      run(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), "h"}, wrapper.env());

  EXPECT_TRUE(bundle.config_text() == hostile) << "config.json was changed";
  EXPECT_EQ(ours.exit_code, plain.exit_code) << ours.err;
  EXPECT_EQ(ours.out, plain.out);
  EXPECT_NE(ours.err.find("'" + bundle.config_path() + "'"), std::string::npos) << ours.err;
  EXPECT_NE(ours.err.find(GetParam().why), std::string::npos) << ours.err;
}

const std::string kSeccomp = R"("seccomp":{)";

INSTANTIATE_TEST_SUITE_P(
    Inputs, HostileConfig,
    ::testing::Values(
        Case{"not_an_object", [](const std::string&) { return std::string("[\"ociVersion\"]"); }, "not a JSON object"},
        Case{"seccomp_is_a_string",
             [](const std::string& c) { return replace(c, kSeccomp, R"("seccomp":"SCMP_ACT_ERRNO","x":{)"); },
             "seccomp"},
        Case{"syscalls_is_an_object",
             [](const std::string& c) {
               return replace(replace(c, R"("syscalls":[{)", R"("syscalls":{)"), R"("SCMP_ACT_ERRNO"}])",
                              R"("SCMP_ACT_ERRNO"})");
             },
             "syscalls"},
        Case{"a_name_is_a_number", [](const std::string& c) { return replace(c, R"(["chroot"])", R"(["chroot",5])"); },
             "names"},
        Case{"action_is_a_number",
             [](const std::string& c) { return replace(c, R"("action":"SCMP_ACT_ERRNO")", R"("action":2)"); },
             "action"},
        Case{"errno_beyond_uint64",
             [](const std::string& c) {
               return replace(c, R"("action":"SCMP_ACT_ERRNO")",
                              R"("action":"SCMP_ACT_ERRNO","errnoRet":18446744073709551616)");
             },
             "errnoRet"},
        Case{"annotation_is_a_number",
             [](const std::string& c) {
               return replace(c, R"("seccomp-witness.io/action":"stop")", R"("seccomp-witness.io/action":1)");
             },
             "seccomp-witness.io/action is not a string"},
        Case{"deep_nesting",
             [](const std::string& c) {
               return with_member(c, "hostile", std::string(100000, '[') + std::string(100000, ']'));
             },
             "nested deeper than"},
        Case{"invalid_utf8", [](const std::string& c) { return with_member(c, "hostile", "\"\xff\xfe\xfd\""); },
             "invalid JSON at byte"},
        Case{"larger_than_16_mib",
             [](const std::string& c) { return with_member(c, "hostile", "\"" + std::string(17 << 20, 'x') + "\""); },
             "File too large"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace itest
