// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the SeccompProfile that `suggest --format spo` writes. Whatever bytes
// a container names its programs with, the YAML parses (yaml-cpp) to exactly the
// rules and keys it has for a plain name; the callers are only in annotations,
// whose values are their display text.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "display_text.hpp"
#include "json_doc.hpp"
#include "state/container_summary.hpp"
#include "state/profile_suggest.hpp"
#include "suggest_yaml.hpp"

namespace {

constexpr std::string_view kProfile = R"({"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
              {"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})";

/// The SeccompProfile suggested for a container whose chroot and swapoff came
/// from a program named `comm` at `exe`, in the pod `pod`.
std::string resource(const std::string& comm, const std::string& exe, const std::string& pod) {
  common::ContainerSummary summary;
  summary.container_id = "c";
  for (const char* name : {"chroot", "swapoff"}) {
    common::SyscallSummary sc;
    sc.name = name;
    sc.count = 1;
    sc.violations = 1;
    sc.callers.push_back({1, comm, exe});
    summary.syscalls.push_back(sc);
  }
  const auto original = common::parse_json(kProfile, "profile");
  common::Suggestion s = common::suggest_profile(original, common::seen_syscalls({summary}));
  std::vector<std::string> dropped;
  return ctl::seccomp_profile_resource(s.seccomp, {"web", pod, "c"}, dropped);
}

std::string dump(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return out.c_str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string comm(in.substr(0, in.size() / 3));
  const std::string exe(in.substr(in.size() / 3, in.size() / 3));
  const std::string pod(in.substr(2 * (in.size() / 3)));
  YAML::Node hostile;
  YAML::Node plain;
  try {
    hostile = YAML::Load(resource(comm, exe, pod));
    plain = YAML::Load(resource("probe", "/bin/probe", pod.empty() ? "" : "shop"));
  } catch (const YAML::Exception&) {
    std::abort();  // what we write must always parse
  }
  if (dump(hostile["spec"]) != dump(plain["spec"])) std::abort();
  if (hostile["metadata"].size() != plain["metadata"].size()) std::abort();
  const YAML::Node annotations = hostile["metadata"]["annotations"];
  if (annotations.size() != plain["metadata"]["annotations"].size()) std::abort();
  for (const auto& entry : annotations) {
    const auto value = entry.second.as<std::string>();
    if (!common::is_display_safe(value)) std::abort();
  }
  if (hostile["metadata"]["namespace"] &&
      hostile["metadata"]["namespace"].as<std::string>() != common::display_text(pod))
    std::abort();
  return 0;
}
