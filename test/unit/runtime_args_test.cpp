// SPDX-License-Identifier: Apache-2.0
#include "runtime/runtime_args.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace common {
namespace {

RuntimeCommand parse(std::vector<std::string> args) {
  return parse_runtime_command(args);
}

TEST(RuntimeArgs, ConmonCreate) {
  // conmon (CRI-O, podman): runtime args, then create with --bundle/--pid-file.
  const auto cmd = parse({"--root", "/run/runc", "--systemd-cgroup", "--log", "/var/log/crio/x.log", "--log-format",
                          "json", "create", "--bundle", "/run/bundles/abc", "--pid-file", "/run/abc/pidfile",
                          "--no-pivot", "--console-socket", "/tmp/cs", "abc"});
  ASSERT_TRUE(cmd.create) << cmd.not_intercepted_because;
  EXPECT_EQ(cmd.command, "create");
  EXPECT_EQ(cmd.create->bundle, "/run/bundles/abc");
  EXPECT_EQ(cmd.create->container_id, "abc");
  EXPECT_EQ(cmd.global.root, "/run/runc");
  EXPECT_EQ(cmd.global.log_path, "/var/log/crio/x.log");
  EXPECT_EQ(cmd.global.log_format, "json");
  EXPECT_EQ(cmd.global.args, (std::vector<std::string>{"--root", "/run/runc", "--systemd-cgroup", "--log",
                                                       "/var/log/crio/x.log", "--log-format", "json"}));
}

TEST(RuntimeArgs, ContainerdShimCreate) {
  // containerd-shim-runc-v2 (go-runc): --flag value forms, --preserve-fds, id last.
  const auto cmd = parse({"--root", "/run/containerd/runc/k8s.io", "--log", "/run/.../log.json", "--log-format", "json",
                          "--systemd-cgroup", "create", "--bundle", "/run/containerd/b", "--pid-file",
                          "/run/containerd/b/init.pid", "--no-new-keyring", "--preserve-fds", "2", "cid"});
  ASSERT_TRUE(cmd.create) << cmd.not_intercepted_because;
  EXPECT_EQ(cmd.create->bundle, "/run/containerd/b");
  EXPECT_EQ(cmd.create->container_id, "cid");
  EXPECT_EQ(cmd.global.log_format, "json");
}

TEST(RuntimeArgs, EqualsFormsAndSingleDash) {
  const auto cmd = parse({"-root=/r", "--log-format=json", "--debug", "run", "-b=/b", "-d", "--pid-file=/p", "x"});
  ASSERT_TRUE(cmd.create) << cmd.not_intercepted_because;
  EXPECT_EQ(cmd.global.root, "/r");
  EXPECT_TRUE(cmd.global.debug);
  EXPECT_EQ(cmd.command, "run");
  EXPECT_EQ(cmd.create->bundle, "/b");
}

TEST(RuntimeArgs, ShortBundleAndFlagsAfterTheId) {
  // urfave/cli reorders flags that follow the positional argument.
  const auto cmd = parse({"create", "myid", "-b", "/bundle", "--no-pivot"});
  ASSERT_TRUE(cmd.create) << cmd.not_intercepted_because;
  EXPECT_EQ(cmd.create->bundle, "/bundle");
  EXPECT_EQ(cmd.create->container_id, "myid");
}

TEST(RuntimeArgs, BundleDefaultsToTheWorkingDirectory) {
  const auto cmd = parse({"create", "id1"});
  ASSERT_TRUE(cmd.create);
  EXPECT_EQ(cmd.create->bundle, "");
  EXPECT_EQ(cmd.create->config_file, "config.json");
}

TEST(RuntimeArgs, ValueFlagsTakeTheNextTokenEvenIfItLooksLikeACommand) {
  // A scanner for "create" would be fooled here: "create" is the root directory.
  const auto cmd = parse({"--root", "create", "state", "create"});
  EXPECT_EQ(cmd.command, "state");
  EXPECT_FALSE(cmd.create);
  EXPECT_EQ(cmd.global.root, "create");
}

TEST(RuntimeArgs, BooleanWithExplicitValue) {
  const auto on = parse({"--debug=true", "--systemd-cgroup=false", "create", "--detach=0", "id"});
  ASSERT_TRUE(on.create);
  EXPECT_TRUE(on.global.debug);
  const auto off = parse({"--debug=false", "create", "id"});
  EXPECT_FALSE(off.global.debug);
  const auto bad = parse({"--debug=maybe", "create", "id"});
  EXPECT_FALSE(bad.create);
  EXPECT_NE(bad.not_intercepted_because.find("boolean"), std::string::npos);
}

TEST(RuntimeArgs, CrunConfigFlag) {
  const auto cmd = parse({"--cgroup-manager", "cgroupfs", "create", "-f", "other.json", "--bundle", "/b", "c"});
  ASSERT_TRUE(cmd.create) << cmd.not_intercepted_because;
  EXPECT_EQ(cmd.create->config_file, "other.json");
  const auto eq = parse({"create", "--config=/abs/spec.json", "c"});
  ASSERT_TRUE(eq.create);
  EXPECT_EQ(eq.create->config_file, "/abs/spec.json");
}

TEST(RuntimeArgs, DoubleDashEndsFlags) {
  const auto cmd = parse({"create", "--bundle", "/b", "--", "-weird-id"});
  ASSERT_TRUE(cmd.create);
  EXPECT_EQ(cmd.create->container_id, "-weird-id");
}

TEST(RuntimeArgs, OtherCommandsAreNotIntercepted) {
  for (const char* command : {"state", "start", "kill", "delete", "exec", "ps", "features", "list", "events"}) {
    const auto cmd = parse({"--root", "/r", command, "id"});
    EXPECT_EQ(cmd.command, command);
    EXPECT_FALSE(cmd.create) << command;
  }
}

TEST(RuntimeArgs, ExecArgumentsAreNeverReadAsCreate) {
  const auto cmd = parse({"exec", "id", "runc", "create", "x"});
  EXPECT_EQ(cmd.command, "exec");
  EXPECT_FALSE(cmd.create);
}

TEST(RuntimeArgs, ExecContainerIdAfterItsFlags) {
  // conmon's exec (podman exec, CRI-O ExecSync), containerd-shim's, and by hand.
  EXPECT_EQ(parse({"--root", "/r", "exec", "--pid-file", "/p", "--process", "/tmp/proc.json", "--detach", "c1"})
                .exec_container_id,
            "c1");
  EXPECT_EQ(parse({"exec", "-t", "--user=0:0", "-e", "A=b", "--cwd", "/", "c2", "sh", "-c", "echo"}).exec_container_id,
            "c2");
  EXPECT_EQ(parse({"exec", "--", "c3", "ls"}).exec_container_id, "c3");
  EXPECT_EQ(parse({"exec", "--no-such-flag", "c4"}).exec_container_id, "");  // runc refuses it; we do not guess
  EXPECT_EQ(parse({"state", "c5"}).exec_container_id, "");
}

TEST(RuntimeArgs, DeleteContainerIdInItsPlainForm) {
  EXPECT_EQ(parse({"--root", "/r", "delete", "c1"}).delete_container_id, "c1");
  EXPECT_EQ(parse({"delete", "-f", "c2"}).delete_container_id, "c2");
  EXPECT_EQ(parse({"delete", "--force=true", "c3"}).delete_container_id, "c3");
  EXPECT_EQ(parse({"delete", "--", "c4"}).delete_container_id, "c4");
  EXPECT_EQ(parse({"delete", "--regex", "c.*"}).delete_container_id, "");  // crun's; not guessed
  EXPECT_EQ(parse({"delete", "c5", "c6"}).delete_container_id, "");
  EXPECT_EQ(parse({"delete"}).delete_container_id, "");
  EXPECT_EQ(parse({"kill", "c7"}).delete_container_id, "");
}

TEST(RuntimeArgs, WhatRuncWouldRefuseIsLeftToRunc) {
  EXPECT_FALSE(parse({"--no-such-flag", "create", "id"}).create);
  EXPECT_FALSE(parse({"create", "--no-such-flag", "id"}).create);
  EXPECT_FALSE(parse({"create"}).create);
  EXPECT_FALSE(parse({"create", "a", "b"}).create);
  EXPECT_FALSE(parse({"create", "--bundle"}).create);
  EXPECT_FALSE(parse({"create", "--help"}).create);
  EXPECT_FALSE(parse({"--root"}).create);
  EXPECT_FALSE(parse({}).create);
  EXPECT_EQ(parse({}).command, "");
}

TEST(RuntimeArgs, GoBool) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) EXPECT_EQ(parse_go_bool(t), true) << t;
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) EXPECT_EQ(parse_go_bool(f), false) << f;
  for (const char* x : {"", "yes", "tRUE", "2"}) EXPECT_FALSE(parse_go_bool(x)) << x;
}

}  // namespace
}  // namespace common
