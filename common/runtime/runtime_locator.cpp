// SPDX-License-Identifier: Apache-2.0
#include "runtime/runtime_locator.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace common {
namespace {

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string checked(const std::string& path, std::string_view origin, const std::string& self) {
  if (!executable_file(path))
    throw RuntimeNotFound("runtime '" + path + "' from " + std::string(origin) + " is not an executable file");
  if (same_file(path, self))
    throw RuntimeNotFound("runtime '" + path + "' from " + std::string(origin) +
                          " is seccomp-witness itself; point it at the real runc or crun");
  return path;
}

}  // namespace

std::string locate_runtime(const RuntimeSources& sources) {
  if (!sources.configured.empty()) return checked(sources.configured, "config.toml", sources.self_exe);
  if (!sources.env.empty()) return checked(sources.env, "SECCOMP_WITNESS_RUNTIME", sources.self_exe);

  std::string_view rest = sources.path_env;
  while (true) {
    const auto colon = rest.find(':');
    // An empty PATH entry means the working directory, as for execvp.
    const std::string_view dir = rest.substr(0, colon);
    std::string candidate = std::string(dir.empty() ? std::string_view(".") : dir) + "/runc";
    if (executable_file(candidate) && !same_file(candidate, sources.self_exe)) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  throw RuntimeNotFound(
      "no real runtime: set runtime in config.toml or SECCOMP_WITNESS_RUNTIME, or put runc on PATH (PATH=" +
      sources.path_env + ")");
}

}  // namespace common
