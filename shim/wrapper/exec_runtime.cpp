// SPDX-License-Identifier: Apache-2.0
#include "exec_runtime.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace shim {

namespace {

/// The nesting depth the marker gives, and whether it names this very process.
struct Marker {
  bool ours = false;
  int depth = 0;
};

Marker read_marker() {
  const char* value = std::getenv(kReentryMarker);
  if (value == nullptr) return {};
  const std::string_view text(value);
  const auto colon = text.find(':');
  long pid = 0;
  int depth = 1;
  std::from_chars(text.data(), text.data() + std::min(colon, text.size()), pid);
  if (colon != std::string_view::npos) std::from_chars(text.data() + colon + 1, text.data() + text.size(), depth);
  return {pid == ::getpid(), std::max(depth, 1)};
}

}  // namespace

std::string reentry_problem() {
  const Marker marker = read_marker();
  if (marker.ours) return "the configured runtime runs seccomp-witness again";
  if (marker.depth >= kMaxNesting)
    return "seccomp-witness runs nested " + std::to_string(marker.depth) +
           " deep; the configured runtime seems to run it again";
  return {};
}

void exec_runtime(const std::string& runtime, char** argv) {
  const std::string marker = std::to_string(::getpid()) + ":" + std::to_string(read_marker().depth + 1);
  ::setenv(kReentryMarker, marker.c_str(), 1);
  argv[0] = const_cast<char*>(runtime.c_str());
  ::execv(runtime.c_str(), argv);
  std::fprintf(stderr, "seccomp-witness: execv '%s': %s\n", runtime.c_str(), std::strerror(errno));
}

}  // namespace shim
