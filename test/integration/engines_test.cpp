// SPDX-License-Identifier: Apache-2.0
// seccomp-witness under the engines that call it: podman (through conmon) and
// containerd (through containerd-shim-runc-v2), each with its own storage, calling
// our wrapper by way of a script that records every command line it was given.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "runtime/runtime_args.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

using namespace std::chrono_literals;

/// The runtime an engine is told to use: records its argv, then execs the wrapper
/// with the test's config (engines do not pass our environment through).
class RecordingRuntime {
 public:
  explicit RecordingRuntime(const WrapperEnv& wrapper) {
    std::ofstream(path()) << "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" << argv_log() << "'\n"
                          << "SECCOMP_WITNESS_CONFIG='" << wrapper.env().at("SECCOMP_WITNESS_CONFIG") << "' exec '"
                          << env_path("WRAPPER") << "' \"$@\"\n";
    ::chmod(path().c_str(), 0755);
  }
  [[nodiscard]] std::string path() const { return dir_.path() + "/runtime"; }
  [[nodiscard]] std::string argv_log() const { return dir_.path() + "/argv.log"; }
  [[nodiscard]] std::vector<std::vector<std::string>> calls() const {
    std::vector<std::vector<std::string>> out;
    std::istringstream lines(read_if_exists(argv_log()));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      out.emplace_back(std::istream_iterator<std::string>(words), std::istream_iterator<std::string>());
    }
    return out;
  }

 private:
  ScratchDir dir_;
};

/// Every command line an engine gave us parses as runc would parse it.
void expect_parsed_like_runc(const RecordingRuntime& runtime, const std::string& bundle_hint) {
  int creates = 0;
  for (const auto& argv : runtime.calls()) {
    const common::RuntimeCommand command = common::parse_runtime_command(argv);
    EXPECT_FALSE(command.command.empty()) << testing::PrintToString(argv);
    if (command.command != "create") continue;
    ++creates;
    ASSERT_TRUE(command.create) << command.not_intercepted_because << ": " << testing::PrintToString(argv);
    EXPECT_NE(command.create->bundle.find(bundle_hint), std::string::npos) << command.create->bundle;
    EXPECT_FALSE(command.create->container_id.empty());
  }
  EXPECT_EQ(creates, 1) << read_if_exists(runtime.argv_log());
}

rapidjson::Document summary_at(const std::string& dir) {
  const std::string text = read_if_exists(dir + "/summary.json");
  return common::parse_json(text.empty() ? "{}" : text, "summary.json");
}

// ---------------------------------------------------------------- podman

class Podman {
 public:
  Podman() {
    // A busybox-static rootfs with our probe, imported as an image: no registry.
    Bundle rootfs;
    const std::string tar = storage_.path() + "/rootfs.tar";
    const CommandResult packed = run("/bin/tar", {"-C", rootfs.path() + "/rootfs", "-cf", tar, "."});
    if (packed.exit_code != 0) throw std::runtime_error("tar: " + packed.err);
    const CommandResult imported = podman({"import", tar, kImage});
    if (imported.exit_code != 0) throw std::runtime_error("podman import: " + imported.err);
  }
  ~Podman() { podman({"rm", "--force", "--all"}); }
  Podman(const Podman&) = delete;
  Podman& operator=(const Podman&) = delete;

  CommandResult podman(const std::vector<std::string>& args, std::chrono::seconds timeout = 60s) const {
    return run(env_path("PODMAN"), with_storage(args), {}, timeout);
  }
  /// The same, left running.
  [[nodiscard]] std::unique_ptr<Background> podman_in_background(const std::vector<std::string>& args) const {
    return std::make_unique<Background>(env_path("PODMAN"), with_storage(args));
  }

  static constexpr const char* kImage = "localhost/seccomp-witness-test:busybox";

 private:
  /// Storage of its own (vfs: nothing mounted on the host), cgroupfs, file events.
  [[nodiscard]] std::vector<std::string> with_storage(const std::vector<std::string>& args) const {
    std::vector<std::string> full{
        "--root", storage_.path() + "/root", "--runroot", storage_.path() + "/run", "--storage-driver",
        "vfs",    "--cgroup-manager",        "cgroupfs",  "--events-backend",       "file"};
    full.insert(full.end(), args.begin(), args.end());
    return full;
  }

  ScratchDir storage_;
};

class PodmanTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    REQUIRE_CONTAINERS(runtime_);
    if (::access(env_path("PODMAN").c_str(), X_OK) != 0) {
      if (std::getenv("SECCOMP_WITNESS_REQUIRE_INTEGRATION") != nullptr) FAIL() << "podman not found";
      GTEST_SKIP() << "podman not found";
    }
    podman_ = std::make_unique<Podman>();
  }
  std::string runtime_ = env_path(GetParam());
  WrapperEnv wrapper_{runtime_};
  RecordingRuntime recorder_{wrapper_};
  std::unique_ptr<Podman> podman_;
};

TEST_P(PodmanTest, RunIsWatchedStoppedAndExecsCounted) {
  // podman's limits would exceed this machine's hard limits; the rest is its default
  // (containers-common's seccomp profile, without CAP_SYS_PACCT: acct is denied).
  // The container's own call and two execs' come in turn, within the quiet period
  // however long podman takes to start an exec.
  const Turns turns;
  const CommandResult started = podman_->podman({"run",
                                                 "--detach",
                                                 "--name",
                                                 "watched",
                                                 "--runtime",
                                                 recorder_.path(),
                                                 "--network",
                                                 "none",
                                                 "--ulimit",
                                                 "nofile=1024:1024",
                                                 "--ulimit",
                                                 "nproc=1024:1024",
                                                 "--volume",
                                                 turns.dir() + ":/signal",
                                                 "--annotation",
                                                 "seccomp-witness.io/action=stop",
                                                 "--annotation",
                                                 "seccomp-witness.io/stop-after=3",
                                                 Podman::kImage,
                                                 "sh",
                                                 "-c",
                                                 Turns::wait_for(0) + "probe swapoff s:/tmp; "
                                                                      "touch /signal/done.0; sleep 600"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  const std::string id = podman_->podman({"inspect", "--format", "{{.Id}}", "watched"}).out.substr(0, 64);

  std::vector<std::unique_ptr<Background>> execs;
  for (int n = 1; n <= 2; ++n)
    execs.push_back(
        podman_->podman_in_background({"exec", "watched", "sh", "-c", Turns::wait_for(n) + "probe acct 0"}));
  ASSERT_TRUE(turns.ready(3));
  turns.go(0);
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(turns.dir() + "/done.0"); }, 60s));
  for (int n = 1; n <= 2; ++n) {
    turns.go(n);
    const CommandResult exec = execs[n - 1]->wait(60s);
    EXPECT_EQ(exec.out, "acct = -1 errno=1 (EPERM)\n") << exec.err;
  }
  const CommandResult waited = podman_->podman({"wait", "watched"}, 60s);
  EXPECT_EQ(waited.out, "137\n") << waited.err;
  EXPECT_EQ(podman_->podman({"inspect", "--format", "{{.State.ExitCode}} {{.State.Status}}", "watched"}).out,
            "137 exited\n");

  // podman deleted the container: its record is a past one now (podman's clean-up
  // may still be moving it there).
  rapidjson::Document summary;
  (void)eventually(
      [&] {
        summary = summary_at(wrapper_.record_dir(id));
        return summary.HasMember("state");
      },
      30s);
  ASSERT_TRUE(summary.HasMember("state")) << read_if_exists(wrapper_.record_dir(id) + "/monitor.log");
  EXPECT_STREQ(summary["state"].GetString(), "stopped");
  EXPECT_STREQ(summary["message"].GetString(), "Used forbidden syscalls: swapoff (1x), acct (2x)");
  expect_parsed_like_runc(recorder_, "-containers/" + id + "/userdata");
}

TEST_P(PodmanTest, ContainerNotOptedInIsUntouched) {
  const CommandResult r =
      podman_->podman({"run", "--rm", "--runtime", recorder_.path(), "--network", "none", "--ulimit",
                       "nofile=1024:1024", "--ulimit", "nproc=1024:1024", Podman::kImage, "probe", "acct", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "acct = -1 errno=1 (EPERM)\n");
  EXPECT_FALSE(std::filesystem::exists(wrapper_.state_root())) << "no monitor for a container that did not opt in";
}

INSTANTIATE_TEST_SUITE_P(Runtimes, PodmanTest, ::testing::Values("RUNC", "CRUN"));

// ---------------------------------------------------------------- containerd

/// A containerd of the test's own: root, state and socket in a scratch dir.
class Containerd {
 public:
  Containerd() {
    std::ofstream(dir_.path() + "/config.toml")
        << "version = 2\nroot = \"" << dir_.path() << "/root\"\nstate = \"" << dir_.path() << "/state\"\n"
        << "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n[grpc]\n  address = \"" << socket() << "\"\n"
        << "[ttrpc]\n  address = \"" << socket() << ".ttrpc\"\n";
    daemon_ = std::make_unique<Background>(env_path("CONTAINERD"),
                                           std::vector<std::string>{"--config", dir_.path() + "/config.toml"});
    if (!eventually([&] { return ctr({"version"}).exit_code == 0; }, 20s))
      throw std::runtime_error("containerd did not come up: " + daemon_->wait(1ms).err);
  }
  ~Containerd() {
    ctr({"tasks", "kill", "--signal", "KILL", "watched"});
    ctr({"tasks", "delete", "--force", "watched"});
    ctr({"containers", "delete", "watched"});
    daemon_.reset();
  }
  Containerd(const Containerd&) = delete;
  Containerd& operator=(const Containerd&) = delete;

  [[nodiscard]] std::string socket() const { return dir_.path() + "/containerd.sock"; }
  CommandResult ctr(std::vector<std::string> args, std::chrono::seconds timeout = 60s) const {
    std::vector<std::string> full{"--address", socket(), "--namespace", kNamespace};
    full.insert(full.end(), args.begin(), args.end());
    return run(env_path("CTR"), full, {}, timeout);
  }
  [[nodiscard]] std::string scratch() const { return dir_.path(); }

  static constexpr const char* kNamespace = "seccomp-witness-test";

 private:
  ScratchDir dir_;
  std::unique_ptr<Background> daemon_;
};

TEST(ContainerdTest, CtrRunIsWatchedAndStopped) {
  REQUIRE_CONTAINERS(env_path("RUNC"));
  if (::access(env_path("CONTAINERD").c_str(), X_OK) != 0) {
    if (std::getenv("SECCOMP_WITNESS_REQUIRE_INTEGRATION") != nullptr) FAIL() << "containerd not found";
    GTEST_SKIP() << "containerd not found";
  }
  const WrapperEnv wrapper(env_path("RUNC"));
  const RecordingRuntime recorder(wrapper);
  Containerd containerd;
  Bundle rootfs;  // only its rootfs is used: ctr makes the spec
  // A Docker-format profile, as containerd's --seccomp-profile takes (a pod's Localhost profile).
  const std::string profile = containerd.scratch() + "/profile.json";
  std::ofstream(profile) << R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[)"
                         << R"({"names":["chroot","swapoff"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})";

  // The annotation goes into the OCI spec, as the CRI plugin puts pod annotations
  // there (pod_annotations).
  const CommandResult r =
      containerd.ctr({"run", "--rootfs", "--runc-binary", recorder.path(), "--seccomp", "--seccomp-profile", profile,
                      "--annotation", "seccomp-witness.io/action=stop", "--annotation",
                      "seccomp-witness.io/stop-after=2", "--null-io", rootfs.path() + "/rootfs", "watched", "/bin/sh",
                      "-c", "/bin/chroot /tmp; /bin/swapoff /tmp; /bin/swapoff /tmp; /bin/sleep 60"},
                     60s);
  EXPECT_EQ(r.exit_code, 137) << r.err;

  const auto summary = summary_at(wrapper.record_dir("watched"));
  ASSERT_TRUE(summary.HasMember("state")) << read_if_exists(wrapper.record_dir("watched") + "/monitor.log");
  EXPECT_STREQ(summary["state"].GetString(), "stopped");
  EXPECT_STREQ(summary["message"].GetString(), "Used forbidden syscalls: chroot (1x), swapoff (2x)");

  // containerd-shim-runc-v2's command lines: --root/--log/--log-format json, then
  // create --bundle --pid-file <id>, start, delete ...
  const auto calls = recorder.calls();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.front()[0], "--root");
  EXPECT_NE(std::find(calls.front().begin(), calls.front().end(), "--log-format"), calls.front().end());
  expect_parsed_like_runc(recorder, "io.containerd.runtime.v2.task/" + std::string(Containerd::kNamespace));
  // Our log lines went to the shim's JSON log, which it reads back on failures.
  EXPECT_EQ(common::parse_runtime_command(calls.front()).global.log_format, "json");
}

}  // namespace
}  // namespace itest
