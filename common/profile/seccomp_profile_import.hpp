// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace common {

/// The container a Docker-format profile is being resolved for.
struct ProfileTarget {
  std::string arch = "SCMP_ARCH_X86_64";  ///< native architecture, libseccomp's name
  std::vector<std::string> capabilities;  ///< bounding set, e.g. "CAP_SYS_ADMIN"
  std::string kernel = "6.1";             ///< "major.minor", compared with includes.minKernel
};

/// Resolves a Docker-format profile (the format of containers-common's
/// seccomp.json and Docker's default.json: archMap, includes/excludes) into the
/// OCI `linux.seccomp` section that podman, CRI-O and containerd hand to runc for
/// `target`. A profile already in OCI form (`architectures`, no includes) comes
/// back as it is. Throws JsonError on a malformed profile.
[[nodiscard]] rapidjson::Document resolve_docker_profile(const rapidjson::Value& profile, const ProfileTarget& target);

}  // namespace common
