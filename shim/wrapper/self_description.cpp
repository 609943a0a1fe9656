// SPDX-License-Identifier: Apache-2.0
#include "self_description.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "exec_runtime.hpp"

namespace shim {
namespace {

constexpr int kExitCannotRun = 127;

// Keep in step with shim/wrapper/seccomp-witness.8.in (test/docs checks that they agree).
constexpr const char* kHelp =
    "seccomp-witness " SECCOMP_WITNESS_VERSION
    ": an OCI runtime wrapper that finds the forbidden syscalls of containers.\n"
    "Called exactly like runc; containers annotated seccomp-witness.io/action get their\n"
    "denied syscalls answered as their seccomp profile would, counted, and (stop) stopped.\n"
    "\n"
    "Usage: seccomp-witness [runtime's global options] COMMAND [command's options] [ID]\n"
    "       seccomp-witness --version | --help\n"
    "\n"
    "Annotations:\n"
    "  seccomp-witness.io/action                    stop | log\n"
    "  seccomp-witness.io/stop-after                quiet seconds before the stop (default 5)\n"
    "  seccomp-witness.io/stop-within               most seconds from the first violation to the stop (default 60)\n"
    "  seccomp-witness.io/coverage                  full (default: also what the default action denies) | named\n"
    "  seccomp-witness.io/ignore                    syscalls never to stop for, e.g. clone3,chroot\n"
    "  seccomp-witness.io/stop-on-probes            true | false (default): ENOSYS answers stop too\n"
    "  seccomp-witness.io/rules                     argument rules, JSON (see seccomp-witness(8))\n"
    "  io.kubernetes.cri-o.seccompNotifierAction    stop | anything else = log\n"
    "  seccomp-notifier-action.crio.io              the same (CRI-O's name for it since 1.35)\n"
    "  io.kubernetes.container.terminationMessagePath  where the message goes (default /dev/termination-log)\n"
    "Environment:\n"
    "  SECCOMP_WITNESS_CONFIG     the config file (default /etc/seccomp-witness/config.toml)\n"
    "  SECCOMP_WITNESS_RUNTIME    the real runtime, when the config file names none\n"
    "See seccomp-witness(8) and seccomp-witnessctl(8).\n";

}  // namespace

SelfQuery self_query(std::span<const std::string> args) {
  if (args.size() != 1) return SelfQuery::kNone;
  if (args[0] == "--version" || args[0] == "-v") return SelfQuery::kVersion;
  if (args[0] == "--help" || args[0] == "-h") return SelfQuery::kHelp;
  return SelfQuery::kNone;
}

int answer_self_query(SelfQuery query, const std::string& runtime, const std::string& config_path, char** argv) {
  if (query == SelfQuery::kHelp) {
    std::fputs(kHelp, stdout);
    std::printf("Config file: %s\nReal runtime: %s; its help follows.\n\n", config_path.c_str(), runtime.c_str());
    std::fflush(stdout);
    exec_runtime(runtime, argv);
    return kExitCannotRun;
  }
  std::fflush(stdout);
  const pid_t child = ::fork();
  if (child < 0) {
    std::perror("seccomp-witness: fork");
    return kExitCannotRun;
  }
  if (child == 0) {
    exec_runtime(runtime, argv);
    _exit(kExitCannotRun);
  }
  int status = 0;
  pid_t waited = 0;
  while ((waited = ::waitpid(child, &status, 0)) < 0 && errno == EINTR) {
  }
  if (waited < 0) {
    std::perror("seccomp-witness: waitpid");
    return kExitCannotRun;
  }
  std::printf("seccomp-witness version %s (real runtime: %s)\n", SECCOMP_WITNESS_VERSION, runtime.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : kExitCannotRun;
}

}  // namespace shim
