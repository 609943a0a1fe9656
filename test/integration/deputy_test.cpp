// SPDX-License-Identifier: Apache-2.0
// No confused deputy: the monitor runs as root on the host for containers whose
// annotations come from pod authors, and must never do for a container what the
// container could not do itself. Every case runs the same bundle through plain
// runc (or crun) and through the wrapper, and compares what the container sees.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "state/syscall_tally.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* kProfile = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})";

// Every SOL_SOCKET option is judged from the caller's memory and never matches:
// the monitor carries out each such call for the caller.
constexpr const char* kCarryOutEverything = R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
  "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},
          {"index":2,"values":["SO_PRIORITY","SO_RCVBUFFORCE","SO_MARK"],"op":"SCMP_CMP_EQ"}],
  "optval":{"op":"SCMP_CMP_EQ","value":12345}}])";

// probe sockopt LEVEL OPTNAME VALUE [READ_OPTNAME]: SOL_SOCKET=1, SO_PRIORITY=12,
// SO_RCVBUFFORCE=33 (read back as SO_RCVBUF=8), SO_MARK=36.
constexpr const char* kRcvBufForce = "probe sockopt 1 33 67108864 8";
constexpr const char* kMark = "probe sockopt 1 36 7";

constexpr std::uint32_t kHostIdBase = 200000;

/// A network namespace of the host's user namespace, made for the test.
class HostNetns {
 public:
  HostNetns() : name_("sw-deputy-" + std::to_string(::getpid())) {
    const CommandResult r = run("/usr/sbin/ip", {"netns", "add", name_});
    if (r.exit_code != 0) throw std::runtime_error("ip netns add " + name_ + ": " + r.err);
  }
  ~HostNetns() { (void)run("/usr/sbin/ip", {"netns", "delete", name_}); }
  HostNetns(const HostNetns&) = delete;
  HostNetns& operator=(const HostNetns&) = delete;
  [[nodiscard]] std::string path() const { return "/run/netns/" + name_; }

 private:
  std::string name_;
};

/// Puts the bundle's container in a user namespace (0 -> 200000, 65536 ids) with
/// CAP_NET_ADMIN there, its rootfs owned by the ids it maps to.
void in_user_namespace(Bundle& bundle) {
  auto& config = bundle.config();
  auto& alloc = config.GetAllocator();
  auto& linux = config["linux"];
  linux["namespaces"].PushBack(rapidjson::Value(rapidjson::kObjectType).AddMember("type", "user", alloc), alloc);
  for (const char* key : {"uidMappings", "gidMappings"}) {
    rapidjson::Value mapping(rapidjson::kObjectType);
    mapping.AddMember("containerID", 0, alloc).AddMember("hostID", kHostIdBase, alloc).AddMember("size", 65536, alloc);
    rapidjson::Value list(rapidjson::kArrayType);
    list.PushBack(mapping, alloc);
    linux.AddMember(rapidjson::StringRef(key), list, alloc);
  }
  bundle.add_capability("CAP_NET_ADMIN");
  fs::permissions(bundle.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
  const std::string rootfs = bundle.path() + "/rootfs";
  if (::lchown(rootfs.c_str(), kHostIdBase, kHostIdBase) != 0) throw std::runtime_error("lchown " + rootfs);
  for (const auto& entry : fs::recursive_directory_iterator(rootfs))
    if (::lchown(entry.path().c_str(), kHostIdBase, kHostIdBase) != 0)
      throw std::runtime_error("lchown " + entry.path().string());
}

/// Has the container join `netns` instead of a network namespace of its own. Its
/// user namespace then owns no sysfs to mount.
void in_network_namespace(Bundle& bundle, const std::string& netns) {
  auto& config = bundle.config();
  auto& alloc = config.GetAllocator();
  for (auto& ns : config["linux"]["namespaces"].GetArray())
    if (std::string_view(ns["type"].GetString()) == "network")
      ns.AddMember("path", rapidjson::Value(netns.c_str(), alloc), alloc);
  auto& mounts = config["mounts"];
  for (auto it = mounts.Begin(); it != mounts.End();)
    it = std::string_view((*it)["destination"].GetString()) == "/sys" ? mounts.Erase(it) : it + 1;
}

class DeputyTest : public PerRuntimeTest {
 protected:
  /// A bundle of the test's profile running `script`; `adjust` shapes it further.
  template <typename Adjust>
  void make(Bundle& bundle, const std::string& script, Adjust adjust) {
    bundle.set_seccomp(kProfile);
    bundle.set_args({"sh", "-c", script});
    adjust(bundle);
    bundle.save();
  }

  CommandResult plain(const Bundle& bundle, const std::string& id) {
    return run(runtime_, args({"run", "-b", bundle.path(), id}));
  }

  /// Runs the bundle opted in, through the wrapper, with its runtime log.
  CommandResult watched(Bundle& bundle, const std::string& id) {
    bundle.set_annotation("seccomp-witness.io/action", "log");
    bundle.save();
    return run(env_path("WRAPPER"), args({"--log", log(), "run", "-b", bundle.path(), id}), wrapper_.env());
  }

  struct SideBySide {
    CommandResult plain;
    CommandResult watched;
  };
  /// The same script in the same kind of bundle, through plain runc (id
  /// "<id>-plain") and opted in through the wrapper (id `id`).
  template <typename Adjust>
  SideBySide side_by_side(const std::string& id, const std::string& script, Adjust adjust) {
    Bundle alone;
    Bundle through_us;
    make(alone, script, adjust);
    make(through_us, script, adjust);
    CommandResult expected = plain(alone, id + "-plain");
    return {std::move(expected), watched(through_us, id)};
  }

  /// Argument rules that every opted-in container gets, from the operator's rules_file.
  void rules_file(const std::string& rules) {
    const std::string path = files_.path() + "/rules.json";
    std::ofstream(path) << rules;
    wrapper_.configure("rules_file = \"" + path + "\"");
  }

  std::string monitor_log(const std::string& id) const {
    return read_if_exists(wrapper_.record_dir(id) + "/monitor.log");
  }
  std::string log() const { return files_.path() + "/runtime.log"; }

  ScratchDir files_;
};

// The security review's reproduction: CAP_NET_ADMIN in the container's own user
// namespace does not allow SO_RCVBUFFORCE, which needs it in the host's.
TEST_P(DeputyTest, CarriedOutCallsStayInTheCallersUserNamespace) {
  rules_file(kCarryOutEverything);
  const auto [expected, seen] =
      side_by_side("userns", std::string(kRcvBufForce) + "; probe sockopt 1 12 5", in_user_namespace);
  ASSERT_EQ(expected.exit_code, 0) << expected.err;
  ASSERT_EQ(expected.out.substr(0, expected.out.find(" getsockopt")), "setsockopt = -1 errno=1 (EPERM)")
      << expected.out;
  ASSERT_EQ(seen.exit_code, 0) << seen.err;
  EXPECT_EQ(seen.out, expected.out) << monitor_log("userns");
  EXPECT_EQ(monitor_log("userns").find("not carried out"), std::string::npos) << monitor_log("userns");
}

// SO_MARK needs CAP_NET_ADMIN over the socket's network namespace, which here
// belongs to the host's user namespace, not to the container's.
TEST_P(DeputyTest, CarriedOutCallsInAHostOwnedNetworkNamespace) {
  rules_file(kCarryOutEverything);
  HostNetns netns;
  const auto [expected, seen] = side_by_side("netns", kMark, [&](Bundle& bundle) {
    in_user_namespace(bundle);
    in_network_namespace(bundle, netns.path());
  });
  ASSERT_EQ(expected.exit_code, 0) << expected.err;
  ASSERT_EQ(expected.out, "setsockopt = -1 errno=1 (EPERM) getsockopt=0\n");
  ASSERT_EQ(seen.exit_code, 0) << seen.err;
  EXPECT_EQ(seen.out, expected.out) << monitor_log("netns");
}

// A notification's pid is the calling thread's id; pidfd_open of a thread that
// does not lead its group fails unless asked for the thread.
TEST_P(DeputyTest, CallsOfASecondThreadAreCarriedOut) {
  rules_file(kCarryOutEverything);
  const auto [expected, seen] = side_by_side("thread", "probe sockopt --in-thread 1 12 5", [](Bundle&) {});
  ASSERT_EQ(expected.out, "setsockopt = 0 getsockopt=5\n") << expected.err;
  EXPECT_EQ(seen.out, expected.out) << seen.err << monitor_log("thread");
  EXPECT_EQ(monitor_log("thread").find("not carried out"), std::string::npos) << monitor_log("thread");
}

// Rules that make the monitor carry out calls come from the operator's
// rules_file; from a pod's annotation only where config.toml allows it.
TEST_P(DeputyTest, AnnotationRulesJudgeMemoryOnlyWhereTheOperatorAllows) {
  // Denies SO_PRIORITY 5 with EACCES, a value only the caller's memory holds.
  const std::string rules = R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","errnoRet":13,
    "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
    "optval":{"op":"SCMP_CMP_EQ","value":5}}])";
  const auto with_rules = [&](Bundle& bundle) { bundle.set_annotation("seccomp-witness.io/rules", rules); };
  Bundle by_default;
  make(by_default, "probe sockopt 1 12 5", with_rules);
  const CommandResult left_out = watched(by_default, "annotation-default");
  EXPECT_EQ(left_out.out, "setsockopt = 0 getsockopt=5\n") << left_out.err;
  EXPECT_NE(read_if_exists(log()).find("(carry_out_from_annotation)"), std::string::npos) << read_if_exists(log());

  wrapper_.configure("carry_out_from_annotation = true");
  Bundle allowed;
  make(allowed, "probe sockopt 1 12 5", with_rules);
  const CommandResult judged = watched(allowed, "annotation-allowed");
  EXPECT_EQ(judged.out, "setsockopt = -1 errno=13 (EACCES) getsockopt=0\n") << judged.err;
}

/// A bundle that stops at its first forbidden syscall, with `message_path` as the
/// termination message path, and the container's own try to write there.
void stops_at_once(Bundle& bundle, const std::string& message_path) {
  bundle.set_annotation("seccomp-witness.io/stop-after", "0.5");
  bundle.set_annotation("io.kubernetes.container.terminationMessagePath", message_path);
  bundle.set_args({"sh", "-c", "echo mine >>" + message_path + " || echo refused; probe chroot s:/; sleep 30"});
}

// The review's reproduction: a root-owned host file bind-mounted read-only. The
// container cannot write it; neither may the monitor.
TEST_P(DeputyTest, TheTerminationMessageNeverGoesThroughAReadOnlyMount) {
  ScratchDir host;
  const std::string file = host.path() + "/ro-file";
  std::ofstream(file) << "keep\n";
  Bundle bundle;
  make(bundle, "", [&](Bundle& b) {
    b.add_bind_mount(file, "/etc/ro-file");
    auto& mount = b.config()["mounts"][b.config()["mounts"].Size() - 1];
    mount["options"].PushBack("ro", b.config().GetAllocator());
    stops_at_once(b, "/etc/ro-file");
  });
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.save();
  const CommandResult r =
      run(env_path("WRAPPER"), args({"--log", log(), "run", "-b", bundle.path(), "ro-mount"}), wrapper_.env(), 30s);
  EXPECT_EQ(r.exit_code, 137) << r.out << r.err;
  EXPECT_NE(r.out.find("refused"), std::string::npos) << r.out;
  EXPECT_EQ(read_if_exists(file), "keep\n");
  EXPECT_NE(read_if_exists(log()).find("'/etc/ro-file' is mounted read-only"), std::string::npos)
      << read_if_exists(log());
}

// A symlink anywhere on the host path (here a directory on the way) is not followed.
TEST_P(DeputyTest, TheTerminationMessageFollowsNoSymlinkOnTheWay) {
  ScratchDir host;
  fs::create_directory(host.path() + "/real");
  std::ofstream(host.path() + "/real/termination-log").close();
  fs::create_directory_symlink(host.path() + "/real", host.path() + "/link");
  Bundle bundle;
  make(bundle, "", [&](Bundle& b) {
    b.add_bind_mount(host.path() + "/link/termination-log", "/dev/termination-log");
    stops_at_once(b, "/dev/termination-log");
  });
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.save();
  const CommandResult r =
      run(env_path("WRAPPER"), args({"run", "-b", bundle.path(), "symlinked"}), wrapper_.env(), 30s);
  EXPECT_EQ(r.exit_code, 137) << r.out << r.err;
  EXPECT_EQ(read_if_exists(host.path() + "/real/termination-log"), "mine\n");  // the container's own line only
  EXPECT_NE(monitor_log("symlinked").find("a symlink on the way"), std::string::npos) << monitor_log("symlinked");
}

// What the monitor could not read must never reach it: the container would not
// start. A comment nested 510 levels deep passed the wrapper and broke the monitor.
TEST_P(DeputyTest, DeeplyNestedRulesNeverKeepAContainerFromStarting) {
  const std::string comment = std::string(510, '[') + std::string(510, ']');
  Bundle bundle;
  make(bundle, "echo started", [&](Bundle& b) {
    b.set_annotation("seccomp-witness.io/rules",
                     R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","comment":)" + comment + "}]");
  });
  const CommandResult r = watched(bundle, "nested");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "started\n");
  EXPECT_NE(read_if_exists(log()).find("comment must be a string"), std::string::npos) << read_if_exists(log());
  EXPECT_TRUE(fs::exists(wrapper_.record_dir("nested") + "/monitor.json")) << "watched, without the rules";
}

// CRI-O's quiet period restarts with every forbidden syscall: one every second
// would never be stopped. stop-within bounds the time from the first one.
TEST_P(DeputyTest, StopWithinBoundsAContainerThatNeverFallsQuiet) {
  for (const bool by_annotation : {true, false}) {
    SCOPED_TRACE(by_annotation ? "annotation" : "config.toml");
    const std::string id = by_annotation ? "steady-annotation" : "steady-config";
    if (!by_annotation) wrapper_.configure("stop_within_seconds = 3");
    Bundle bundle;
    make(bundle, "while true; do probe chroot s:/ >/dev/null; sleep 0.5; done", [&](Bundle& b) {
      b.set_annotation("seccomp-witness.io/action", "stop");
      b.set_annotation("seccomp-witness.io/stop-after", "2");
      if (by_annotation) b.set_annotation("seccomp-witness.io/stop-within", "3");
    });
    const CommandResult r = run(env_path("WRAPPER"), args({"run", "-b", bundle.path(), id}), wrapper_.env(), 120s);
    EXPECT_EQ(r.exit_code, 137) << r.err;
    const auto summary = common::parse_json(read_if_exists(wrapper_.record_dir(id) + "/summary.json"), "summary");
    ASSERT_TRUE(summary.HasMember("state")) << monitor_log(id);
    EXPECT_STREQ(summary["state"].GetString(), "stopped");
    // What the monitor's own clock says, whatever the machine's speed: stopped
    // once 3 s had passed since the first call, while the quiet period had not.
    const auto stopped = common::parse_time(summary["stoppedAt"].GetString());
    const auto first = common::parse_time(summary["syscalls"][0]["firstSeen"].GetString());
    const auto last = common::parse_time(summary["syscalls"][0]["lastSeen"].GetString());
    ASSERT_TRUE(stopped && first && last) << common::to_json(summary);
    EXPECT_GE(*stopped - *first, 3s - 50ms) << common::to_json(summary);
    EXPECT_LT(*stopped - *last, 2s) << "the quiet period never ran out: " << common::to_json(summary);
    EXPECT_GE(summary["total"].GetUint64(), 2u);
  }
}

INSTANTIATE_TEST_SUITE_P(Runtimes, DeputyTest, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
