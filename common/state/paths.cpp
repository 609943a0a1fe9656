// SPDX-License-Identifier: Apache-2.0
#include "state/paths.hpp"

#include <sys/un.h>

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace common {
namespace {

/// FNV-1a: a stable, dependency-free name for ids too long for sun_path.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

bool valid_container_id(std::string_view id) {
  if (id.empty() || id == "." || id == "..") return false;
  for (const unsigned char c : id)
    if (!std::isalnum(c) && c != '_' && c != '+' && c != '-' && c != '.') return false;
  return true;
}

std::size_t max_socket_path() {
  return sizeof(sockaddr_un::sun_path) - 1;
}

std::optional<ContainerPaths> container_paths(std::string_view state_root, std::string_view id) {
  if (!valid_container_id(id)) return std::nullopt;
  ContainerPaths paths;
  paths.state_dir = std::string(state_root) + "/" + std::string(id);
  paths.socket = paths.state_dir + "/notify.sock";
  if (paths.socket.size() > max_socket_path()) {
    char name[32];
    std::snprintf(name, sizeof name, "%016llx", static_cast<unsigned long long>(fnv1a(id)));
    paths.socket = std::string(state_root) + "/s/" + name + ".sock";
  }
  return paths;
}

}  // namespace common
