// SPDX-License-Identifier: Apache-2.0
// Real programs from Debian's userland (the host's /usr and /etc, read-only, in a
// rootfs of symlinks) under every profile we document, opted in with `stop` and
// full coverage: each must print and exit exactly as under plain runc, and none
// may be stopped. They start threads (glibc probes clone3, which Docker's default
// answers ENOSYS) and child processes, and call what real programs call. Beside
// them, one container that makes a real violation is still stopped.
// containerd's RuntimeDefault, as containerd writes it, is covered by test/cri/;
// CRI-O's default profile is containers-common's.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct Workload {
  const char* name;
  const char* script;  ///< run by /bin/sh -c
};

constexpr Workload kWorkloads[] = {
    {"python_threads",
     "python3 -c 'import threading\n"
     "out = []\n"
     "ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]\n"
     "[t.start() for t in ts]; [t.join() for t in ts]\n"
     "print(\"threads\", sorted(out))'"},
    {"python_subprocess",
     "python3 -c 'import subprocess; print(subprocess.run([\"echo\", \"child\"], capture_output=True, "
     "text=True).stdout.strip())'"},
    {"xz_threads",
     "rm -f /tmp/in /tmp/in.xz; seq 200000 > /tmp/in && xz -T2 -k /tmp/in && xz -dc /tmp/in.xz | cmp - /tmp/in && "
     "echo xz ok"},
    {"sort_parallel", "seq 100000 | sort -n -r --parallel=4 -S 1M | head -n 3"},
    {"perl", "perl -e 'my @a = map { $_ * $_ } 1..5; print \"perl @a\\n\"'"},
    {"gzip", "echo compressed | gzip -9 | gzip -d"},
    {"getent", "getent passwd root | cut -d: -f1,6"},
    {"threaded_server",
     "python3 -c 'import http.server, threading, urllib.request\n"
     "class H(http.server.BaseHTTPRequestHandler):\n"
     "    def do_GET(self):\n"
     "        self.send_response(200); self.end_headers(); self.wfile.write(b\"served\")\n"
     "    def log_message(self, *a): pass\n"
     "s = http.server.ThreadingHTTPServer((\"127.0.0.1\", 0), H)\n"
     "threading.Thread(target=s.serve_forever, daemon=True).start()\n"
     "print(urllib.request.urlopen(\"http://127.0.0.1:%d/\" % s.server_port).read().decode())\n"
     "s.shutdown()'"},
};

struct Profile {
  const char* env;  ///< the variable naming the Docker-format profile Debian ships
  const char* name;
};

constexpr Profile kProfiles[] = {{"CONTAINERS_COMMON_PROFILE", "containers_common"},
                                 {"DOCKER_DEFAULT_PROFILE", "docker_default"}};

/// A bundle whose rootfs is Debian's userland: /usr and /etc of the host,
/// read-only, and the merged-/usr symlinks. Host network, for loopback.
class UserlandBundle {
 public:
  explicit UserlandBundle(const Profile& profile) {
    const std::string rootfs = bundle_.path() + "/rootfs";
    fs::remove_all(rootfs);
    for (const char* dir : {"usr", "etc", "tmp", "proc", "dev", "sys", "root"})
      fs::create_directories(rootfs + "/" + dir);
    for (const char* link : {"bin", "sbin", "lib", "lib64"})
      fs::create_symlink(std::string("usr/") + link, rootfs + "/" + link);
    auto& config = bundle_.config();
    auto& alloc = config.GetAllocator();
    for (const char* dir : {"/usr", "/etc"}) {
      rapidjson::Value mount(rapidjson::kObjectType);
      mount.AddMember("destination", rapidjson::Value(dir, alloc), alloc);
      mount.AddMember("type", "bind", alloc);
      mount.AddMember("source", rapidjson::Value(dir, alloc), alloc);
      rapidjson::Value options(rapidjson::kArrayType);
      options.PushBack("rbind", alloc).PushBack("ro", alloc);
      mount.AddMember("options", options, alloc);
      config["mounts"].PushBack(mount, alloc);
    }
    auto& namespaces = config["linux"]["namespaces"];
    for (auto it = namespaces.Begin(); it != namespaces.End();) {
      it = std::string((*it)["type"].GetString()) == "network" ? namespaces.Erase(it) : it + 1;
    }
    auto& env = config["process"]["env"];
    env.PushBack("HOME=/root", alloc).PushBack("LANG=C.UTF-8", alloc);
    bundle_.set_seccomp(resolved_profile(profile.env, bundle_));
  }
  Bundle& bundle() { return bundle_; }

 private:
  Bundle bundle_;
};

struct Case {
  const char* runtime;
  Profile profile;
};

class Workloads : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override { REQUIRE_CONTAINERS(runtime_); }
  std::string runtime_ = env_path(GetParam().runtime);
  WrapperEnv wrapper_{runtime_};
};

TEST_P(Workloads, RunAsUnderPlainRuncAndAreNotStopped) {
  UserlandBundle userland(GetParam().profile);
  Bundle& bundle = userland.bundle();
  RuntimeRoot plain_root(runtime_);
  RuntimeRoot root(runtime_);
  std::uint64_t probes = 0;
  for (const Workload& w : kWorkloads) {
    bundle.set_args({"sh", "-c", w.script});
    bundle.config().RemoveMember("annotations");
    bundle.save();
    const CommandResult plain = run(runtime_, {"--root", plain_root.path(), "run", "-b", bundle.path(), w.name});
    ASSERT_EQ(plain.exit_code, 0) << w.name << " fails under plain runc: " << plain.err;
    bundle.set_annotation("seccomp-witness.io/action", "stop");
    bundle.set_annotation("seccomp-witness.io/stop-after", "0.5");
    bundle.set_annotation("seccomp-witness.io/coverage", "full");
    bundle.save();
    const CommandResult ours =
        run(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), w.name}, wrapper_.env());
    EXPECT_EQ(ours.exit_code, plain.exit_code) << w.name << ": " << ours.err;
    EXPECT_EQ(ours.out, plain.out) << w.name;
    EXPECT_EQ(ours.err, plain.err) << w.name;
    ASSERT_TRUE(wrapper_.monitor_ended(w.name, 30s)) << w.name;
    const auto summary = wrapper_.summary(w.name);
    ASSERT_TRUE(summary.HasMember("state")) << w.name;
    EXPECT_STREQ(summary["state"].GetString(), "exited") << w.name;
    EXPECT_EQ(summary["violations"].GetUint64(), 0u) << w.name << ": " << common::to_json(summary);
    probes += summary["total"].GetUint64() - summary["violations"].GetUint64();
  }
  // Docker's default answers clone3 with ENOSYS: the threads above probed it.
  if (std::string(GetParam().profile.name) == "docker_default") {
    EXPECT_GT(probes, 0u) << "no probe seen: the suite no longer exercises what it is for";
  }
}

TEST_P(Workloads, ARealViolationIsStillStopped) {
  UserlandBundle userland(GetParam().profile);
  Bundle& bundle = userland.bundle();
  bundle.set_args({"python3", "-c",
                   "import os, threading, time\n"
                   "threading.Thread(target=time.sleep, args=(0,)).start()\n"
                   "try:\n    os.chroot('/tmp')\nexcept PermissionError:\n    print('chroot refused', flush=True)\n"
                   "time.sleep(30)"});
  bundle.set_annotation("seccomp-witness.io/action", "stop");
  bundle.set_annotation("seccomp-witness.io/stop-after", "0.5");
  bundle.set_annotation("seccomp-witness.io/coverage", "full");
  bundle.save();
  RuntimeRoot root(runtime_);
  const CommandResult r =
      run(env_path("WRAPPER"), {"--root", root.path(), "run", "-b", bundle.path(), "violator"}, wrapper_.env());
  EXPECT_EQ(r.exit_code, 137) << r.err;
  EXPECT_EQ(r.out, "chroot refused\n");
  ASSERT_TRUE(eventually([&] { return wrapper_.summary("violator").HasMember("state"); }, 10s));
  const auto summary = wrapper_.summary("violator");
  EXPECT_STREQ(summary["state"].GetString(), "stopped");
  EXPECT_STREQ(summary["message"].GetString(), "Used forbidden syscalls: chroot (1x)");
}

INSTANTIATE_TEST_SUITE_P(Profiles, Workloads,
                         ::testing::Values(Case{"RUNC", kProfiles[0]}, Case{"RUNC", kProfiles[1]},
                                           Case{"CRUN", kProfiles[0]}, Case{"CRUN", kProfiles[1]}),
                         [](const auto& info) {
                           return std::string(info.param.runtime) + "_" + info.param.profile.name;
                         });

}  // namespace
}  // namespace itest
