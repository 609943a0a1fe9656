// SPDX-License-Identifier: Apache-2.0
// The files in contrib/ that operators copy onto nodes: each parses with a real
// parser, and each names the binaries where this build installs them, the
// runtime handler the others use, and annotations that seccomp-witness knows.
#include <fnmatch.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "arg_rules.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "opt_in.hpp"
#include "plain_options.hpp"
#include "profile/seccomp_coverage.hpp"
#include "profile/stop_policy.hpp"
#include "state/config_file.hpp"
#include "state/monitor_spec.hpp"
#include "state/paths.hpp"

namespace {

namespace fs = std::filesystem;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

fs::path contrib(const std::string& name) {
  return fs::path(env("CONTRIB_DIR")) / name;
}

toml::table parse_toml(const std::string& name) {
  try {
    return toml::parse_file(contrib(name).string());
  } catch (const toml::parse_error& e) {
    ADD_FAILURE() << name << ": " << e.description() << " at line " << e.source().begin.line;
    return {};
  }
}

std::vector<YAML::Node> parse_yaml(const std::string& name) {
  return YAML::LoadAllFromFile(contrib(name).string());
}

/// The annotations seccomp-witness reads from config.json.
const std::vector<std::string_view> kOurAnnotations = {common::kActionAnnotation,       common::kStopAfterAnnotation,
                                                       common::kCoverageAnnotation,     hooks::kRulesAnnotation,
                                                       common::kStopOnProbesAnnotation, common::kIgnoreAnnotation,
                                                       common::kStopWithinAnnotation};

bool matches_any(const toml::array* patterns, std::string_view key) {
  if (patterns == nullptr) return false;
  return std::any_of(patterns->begin(), patterns->end(), [&](const toml::node& p) {
    return p.is_string() && ::fnmatch(p.value<std::string>()->c_str(), std::string(key).c_str(), 0) == 0;
  });
}

TEST(Contrib, ConfigTomlIsWhatTheBinariesUse) {
  const common::Config config = common::load_config(contrib("config.toml").string());
  const common::Config defaults = common::default_config();
  EXPECT_EQ(config.monitor, defaults.monitor) << "the monitor where meson installs it";
  EXPECT_EQ(config.state_root, defaults.state_root);
  EXPECT_EQ(::access(config.runtime.c_str(), X_OK), 0) << config.runtime << " is Debian's runc";
  EXPECT_EQ(fs::path(config.monitor).filename(), fs::path(env("MONITOR")).filename());
  // The bounds it documents are the ones the binaries use without it.
  EXPECT_EQ(config.retention.max_bytes, defaults.retention.max_bytes);
  EXPECT_EQ(config.events_max_bytes, defaults.events_max_bytes);
  EXPECT_EQ(config.notify_fds_per_container, defaults.notify_fds_per_container);
  EXPECT_EQ(config.notify_fds_per_node, defaults.notify_fds_per_node);
}

TEST(Contrib, ExampleRulesParse) {
  const std::string path = contrib("rules/net-admin.json").string();
  const auto rules = hooks::ArgRules::parse(common::read_regular_file(path, 1 << 20), path);
  EXPECT_EQ(rules.syscalls(), std::set<std::string>{"setsockopt"});
  // Every rule that judges a value may have its calls carried out.
  for (const auto& rule : rules.rules()) EXPECT_EQ(hooks::carry_out_problem(rule), "");
}

TEST(Contrib, CrioDropInRunsTheWrapper) {
  const toml::table crio = parse_toml("crio/10-seccomp-witness.conf");
  const auto handler = crio["crio"]["runtime"]["runtimes"]["seccomp-witness"];
  ASSERT_TRUE(handler.is_table());
  EXPECT_EQ(handler["runtime_path"].value_or(std::string()), env("INSTALLED_WRAPPER"));
  EXPECT_EQ(handler["runtime_type"].value_or(std::string()), "oci");
  EXPECT_TRUE(handler["runtime_root"].is_string());
  const toml::array* allowed = handler["allowed_annotations"].as_array();
  ASSERT_NE(allowed, nullptr);
  // Allowed, CRI-O would take the listener itself and we would stand aside.
  EXPECT_FALSE(matches_any(allowed, common::kCrioNotifierAnnotation));
}

TEST(Contrib, ContainerdSnippetRunsTheWrapperWithOurAnnotations) {
  // Appended to config.toml, which has its own version line: no top-level keys.
  const toml::table containerd = parse_toml("containerd/seccomp-witness.toml");
  EXPECT_FALSE(containerd.contains("version"));
  const toml::table runc = parse_toml("containerd/runc-runtime.toml");
  EXPECT_EQ(runc["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]["runc"]["runtime_type"].value_or(
                std::string()),
            "io.containerd.runc.v2");
  const auto runtime = containerd["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]["seccomp-witness"];
  ASSERT_TRUE(runtime.is_table());
  EXPECT_EQ(runtime["runtime_type"].value_or(std::string()), "io.containerd.runc.v2");
  EXPECT_EQ(runtime["options"]["BinaryName"].value_or(std::string()), env("INSTALLED_WRAPPER"));
  for (const auto key : kOurAnnotations) {
    EXPECT_TRUE(matches_any(runtime["pod_annotations"].as_array(), key)) << key;
    EXPECT_TRUE(matches_any(runtime["container_annotations"].as_array(), key)) << key;
  }
  EXPECT_TRUE(matches_any(runtime["container_annotations"].as_array(), common::kTerminationPathAnnotation))
      << "the monitor needs it to find the termination message file";
}

TEST(Contrib, PodmanRuntimeIsTheWrapper) {
  const toml::table podman = parse_toml("podman/seccomp-witness.conf");
  const toml::array* command = podman["engine"]["runtimes"]["seccomp-witness"].as_array();
  ASSERT_NE(command, nullptr);
  ASSERT_FALSE(command->empty());
  EXPECT_EQ(command->front().value_or(std::string()), env("INSTALLED_WRAPPER"));
}

TEST(Contrib, KubernetesObjectsFitTogether) {
  const auto runtime_class = parse_yaml("kubernetes/runtimeclass.yaml").at(0);
  EXPECT_EQ(runtime_class["kind"].as<std::string>(), "RuntimeClass");
  const auto handler = runtime_class["handler"].as<std::string>();
  EXPECT_EQ(handler, "seccomp-witness") << "the CRI-O handler and containerd runtime are named so";

  const auto pod = parse_yaml("kubernetes/nginx-pod.yaml").at(0);
  EXPECT_EQ(pod["spec"]["runtimeClassName"].as<std::string>(), runtime_class["metadata"]["name"].as<std::string>());
  EXPECT_EQ(pod["spec"]["securityContext"]["seccompProfile"]["type"].as<std::string>(), "RuntimeDefault")
      << "without a profile there is nothing to watch";
  // The pod's annotations, as they reach config.json: accepted without a warning.
  std::string json = R"({"annotations":{)";
  for (const auto& annotation : pod["metadata"]["annotations"]) {
    const auto key = annotation.first.as<std::string>();
    if (key.rfind("seccomp-witness.io/", 0) == 0) {
      EXPECT_NE(std::find(kOurAnnotations.begin(), kOurAnnotations.end(), key), kOurAnnotations.end()) << key;
    }
    json += "\"" + key + "\":\"" + annotation.second.as<std::string>() + "\",";
  }
  json.back() = '}';
  json += "}";
  const auto config = common::parse_json(json, "nginx-pod.yaml");
  const auto decision = common::decide_opt_in(config);
  ASSERT_TRUE(decision.opt_in.has_value()) << decision.reason;
  EXPECT_EQ(decision.opt_in->action, common::WitnessAction::kStop);
  std::vector<std::string> warnings;
  (void)common::make_monitor_spec(config, *decision.opt_in, "nginx", "{}", warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
}

TEST(Contrib, DaemonSetInstallsAndServesMetrics) {
  const auto documents = parse_yaml("kubernetes/daemonset.yaml");
  const auto daemonset = *std::find_if(documents.begin(), documents.end(),
                                       [](const YAML::Node& d) { return d["kind"].as<std::string>() == "DaemonSet"; });
  const auto pod = daemonset["spec"]["template"];
  const auto runtime_class = parse_yaml("kubernetes/runtimeclass.yaml").at(0);
  EXPECT_EQ(YAML::Dump(pod["spec"]["nodeSelector"]), YAML::Dump(runtime_class["scheduling"]["nodeSelector"]))
      << "pods of the RuntimeClass go where the DaemonSet installed it";

  const auto install = pod["spec"]["initContainers"][0]["command"];
  EXPECT_EQ(fs::path(install[0].as<std::string>()).filename(), "install-node.sh");
  EXPECT_TRUE(fs::exists(contrib("install-node.sh")));

  const auto exporter = pod["spec"]["containers"][0];
  const auto command = exporter["command"].as<std::vector<std::string>>();
  EXPECT_EQ(fs::path(command.at(0)).filename(), fs::path(env("CTL")).filename());
  ASSERT_GE(command.size(), 4u);
  EXPECT_EQ(command[1], "serve-metrics");
  EXPECT_EQ(command[2], "--listen");
  const std::string port = exporter["ports"][0]["containerPort"].as<std::string>();
  EXPECT_EQ(command[3].substr(command[3].rfind(':') + 1), port);
  EXPECT_EQ(pod["metadata"]["annotations"]["prometheus.io/port"].as<std::string>(), port);

  bool state_mounted = false;
  for (const auto& volume : pod["spec"]["volumes"])
    state_mounted |= volume["hostPath"]["path"].as<std::string>() == common::kDefaultStateRoot;
  EXPECT_TRUE(state_mounted) << "the exporter reads the node's state directory";
}

TEST(Contrib, ExporterUnitStartsTheInstalledCtl) {
  const std::string unit =
      common::read_regular_file(contrib("systemd/seccomp-witness-exporter.service").string(), 1 << 16);
  const std::string exec = "\nExecStart=" + env("INSTALLED_CTL") + " serve-metrics --listen ";
  EXPECT_NE(unit.find(exec), std::string::npos) << unit;
  for (const char* section : {"[Unit]", "[Service]", "[Install]"}) EXPECT_NE(unit.find(section), std::string::npos);
}

}  // namespace
