// SPDX-License-Identifier: Apache-2.0
#include "state/monitor_spec.hpp"

#include <gtest/gtest.h>

#include "json_doc.hpp"

namespace common {
namespace {

constexpr const char* kConfig = R"({
  "annotations": {"seccomp-witness.io/stop-after": "2.5", "io.kubernetes.pod.name": "nginx",
                  "io.kubernetes.pod.namespace": "web", "io.kubernetes.container.name": "main",
                  "io.kubernetes.container.terminationMessagePath": "/tmp/why"},
  "mounts": [{"destination": "/dev/termination-log", "source": "/host/other"},
             {"destination": "/tmp/why/", "source": "/var/lib/kubelet/pods/u/containers/main/abc", "type": "bind",
              "options": ["rbind", "rprivate", "rw"]}],
  "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}]}})";

TEST(MonitorSpec, FromTheContainersConfig) {
  std::vector<std::string> warnings;
  const auto spec = make_monitor_spec(parse_json(kConfig, "config"), OptIn{WitnessAction::kStop, "a"}, "abc",
                                      R"({"syscalls":[]})", warnings);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(spec.stop_after_seconds, 2.5);
  EXPECT_EQ(spec.termination_log, "/var/lib/kubelet/pods/u/containers/main/abc");
  EXPECT_EQ(spec.pod, "nginx");
  EXPECT_EQ(spec.pod_namespace, "web");
  EXPECT_EQ(spec.container_name, "main");
  EXPECT_FALSE(spec.kill_all);
}

TEST(MonitorSpec, NamesAsContainerdsCriPluginGivesThem) {
  std::vector<std::string> warnings;
  const auto spec = make_monitor_spec(parse_json(R"({"annotations":{"io.kubernetes.cri.sandbox-name":"nginx",
                     "io.kubernetes.cri.sandbox-namespace":"web","io.kubernetes.cri.container-name":"main"}})",
                                                 "config"),
                                      OptIn{}, "abc", "{}", warnings);
  EXPECT_EQ(spec.pod, "nginx");
  EXPECT_EQ(spec.pod_namespace, "web");
  EXPECT_EQ(spec.container_name, "main");
}

TEST(MonitorSpec, TheTerminationMessageGoesOnlyToAWritableBindMount) {
  const auto log_of = [](const std::string& mount, std::vector<std::string>& warnings) {
    const std::string json =
        R"({"mounts":[{"destination":"/dev/termination-log","source":"/h/old","type":"bind"},)" + mount + "]}";
    return make_monitor_spec(parse_json(json, "config"), OptIn{}, "x", "{}", warnings).termination_log;
  };
  const std::pair<const char*, const char*> writable[] = {
      {R"({"destination":"/dev/termination-log","source":"/h/t","type":"bind","options":["rbind","rw"]})", "/h/t"},
      {R"({"destination":"/dev/termination-log/","source":"/h/t","options":["bind"]})", "/h/t"},
      {R"({"destination":"/dev/termination-log","source":"/h/t","type":"bind","options":["ro","rw"]})", "/h/t"},
  };
  for (const auto& [mount, source] : writable) {
    std::vector<std::string> warnings;
    EXPECT_EQ(log_of(mount, warnings), source) << mount;
    EXPECT_TRUE(warnings.empty()) << mount;
  }
  const std::pair<const char*, const char*> refused[] = {
      {R"({"destination":"/dev/termination-log","source":"/h/t","type":"bind","options":["rbind","ro"]})",
       "is mounted read-only"},
      {R"({"destination":"/dev/termination-log","source":"/h/t","type":"bind","options":["rw","rro"]})",
       "is mounted read-only"},
      {R"({"destination":"/dev/termination-log","source":"tmpfs","type":"tmpfs"})", "is not a bind mount"},
      {R"({"destination":"/dev/termination-log","source":"h/t","type":"bind"})", "has no absolute host path"},
  };
  for (const auto& [mount, why] : refused) {
    std::vector<std::string> warnings;
    EXPECT_EQ(log_of(mount, warnings), "") << mount << ": the last mount there counts, not an earlier one";
    ASSERT_EQ(warnings.size(), 1u) << mount;
    EXPECT_NE(warnings[0].find(why), std::string::npos) << warnings[0];
  }
}

TEST(MonitorSpec, StopWithinFromTheAnnotationOrConfig) {
  std::vector<std::string> warnings;
  const auto with = [&](const char* value, double config) {
    const std::string json = std::string(R"({"annotations":{"seccomp-witness.io/stop-within":")") + value + "\"}}";
    return make_monitor_spec(parse_json(json, "c"), OptIn{}, "x", "{}", warnings, config).stop_within_seconds;
  };
  EXPECT_EQ(with("30", 60), 30.0);
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(with("soon", 45), 45.0) << "config.toml's value, said in a warning";
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("seconds from 0 to 86400; using 45"), std::string::npos) << warnings[0];
  EXPECT_EQ(make_monitor_spec(parse_json("{}", "c"), OptIn{}, "x", "{}", warnings).stop_within_seconds,
            kDefaultStopWithinSeconds);
}

TEST(MonitorSpec, DefaultsAndOddValues) {
  std::vector<std::string> warnings;
  const auto spec = make_monitor_spec(parse_json(R"({"annotations":{"seccomp-witness.io/stop-after":"soon"},
                     "mounts":[{"destination":"/dev/termination-log","source":"/h/t","type":"bind"}],
                     "linux":{"namespaces":[{"type":"pid","path":"/proc/1/ns/pid"}]}})",
                                                 "config"),
                                      OptIn{}, "abc", "{}", warnings);
  EXPECT_EQ(spec.stop_after_seconds, kDefaultStopAfterSeconds);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("soon"), std::string::npos);
  EXPECT_EQ(spec.termination_log, "/h/t");
  EXPECT_TRUE(spec.kill_all) << "a joined pid namespace is not the container's own";
  for (const char* bad : {"-1", "1e9", "nan", "", "5s"}) {
    std::vector<std::string> w;
    const std::string json = std::string(R"({"annotations":{"seccomp-witness.io/stop-after":")") + bad + "\"}}";
    EXPECT_EQ(make_monitor_spec(parse_json(json, "c"), OptIn{}, "x", "{}", w).stop_after_seconds, 5.0) << bad;
    EXPECT_EQ(w.size(), 1u) << bad;
  }
}

TEST(MonitorSpec, RoundTrip) {
  MonitorSpec spec;
  spec.container_id = "abc";
  spec.socket = "/run/seccomp-witness/abc/notify.sock";
  spec.action = WitnessAction::kStop;
  spec.stop_after_seconds = 0.5;
  spec.stop_within_seconds = 7.5;
  spec.termination_log = "/t";
  spec.pod = "p";
  spec.pod_namespace = "n";
  spec.container_name = "c";
  spec.runtime = "/usr/sbin/runc";
  spec.runtime_args = {"--root", "/run/runc", "--log-format=json"};
  spec.kill_all = true;
  spec.seccomp = R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO"}]})";
  const MonitorSpec back = parse_monitor_spec(to_json(spec), "monitor.json");
  EXPECT_EQ(to_json(back), to_json(spec));
  EXPECT_EQ(back.runtime_args, spec.runtime_args);
  EXPECT_EQ(back.action, WitnessAction::kStop);
  EXPECT_EQ(back.stop_within_seconds, 7.5);
  EXPECT_THROW((void)parse_monitor_spec(R"({"containerId":"x"})", "monitor.json"), JsonError);
}

}  // namespace
}  // namespace common
