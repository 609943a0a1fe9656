#include "exec_runtime.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace shim {

void exec_runtime(const std::string& runtime, char** argv) {
  ::setenv(kReentryMarker, "1", 1);
  argv[0] = const_cast<char*>(runtime.c_str());
  ::execv(runtime.c_str(), argv);
  std::fprintf(stderr, "seccomp-witness: execv '%s': %s\n", runtime.c_str(), std::strerror(errno));
}

}  // namespace shim
