// SPDX-License-Identifier: Apache-2.0
// The least any exec-based wrapper can cost: a static program that only execs
// $EXEC_FLOOR_TARGET with its own argv. The passthrough benchmark measures
// seccomp-witness against it to tell our own cost from that of the extra exec.
#include <unistd.h>

#include <cstdlib>

int main(int, char** argv) {
  const char* target = std::getenv("EXEC_FLOOR_TARGET");
  if (target == nullptr) return 127;
  argv[0] = const_cast<char*>(target);
  ::execv(target, argv);
  return 127;
}
