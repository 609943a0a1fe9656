// SPDX-License-Identifier: Apache-2.0
// seccomp-witness: called exactly like runc. Everything but an opted-in
// create/run is handed to the real runtime at once, before any costly work.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "create_interceptor.hpp"
#include "exec_interceptor.hpp"
#include "exec_limits.hpp"
#include "exec_runtime.hpp"
#include "prior_instance.hpp"
#include "runtime/runtime_args.hpp"
#include "runtime/runtime_locator.hpp"
#include "runtime/runtime_log.hpp"
#include "self_description.hpp"
#include "state/config_file.hpp"

namespace {

constexpr int kExitCannotRun = 127;
/// As runc exits when it cannot run an exec.
constexpr int kExitExecRefused = 1;
/// conmon runs the runtime with an empty environment; look where execvp would.
constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::string self_exe() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

int main(int argc, char** argv) {
  if (const std::string loop = shim::reentry_problem(); !loop.empty()) {
    std::fprintf(stderr,
                 "seccomp-witness: %s; point runtime in config.toml or SECCOMP_WITNESS_RUNTIME at the real runc or "
                 "crun\n",
                 loop.c_str());
    return kExitCannotRun;
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  const common::RuntimeCommand command = common::parse_runtime_command(args);

  common::Config config = common::default_config();
  std::string config_problem;
  try {
    config = common::load_config(common::config_file_path());
  } catch (const std::exception& e) {
    // A broken config must not stop containers: fall back to the defaults.
    config_problem = e.what();
  }

  std::string runtime;
  try {
    const std::string path = env_or_empty("PATH");
    runtime = common::locate_runtime(
        {config.runtime, env_or_empty("SECCOMP_WITNESS_RUNTIME"), path.empty() ? kDefaultPath : path, self_exe()});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "seccomp-witness: %s\n", e.what());
    if (!config_problem.empty()) std::fprintf(stderr, "seccomp-witness: %s\n", config_problem.c_str());
    return kExitCannotRun;
  }

  if (const auto query = shim::self_query(args); query != shim::SelfQuery::kNone)
    return shim::answer_self_query(query, runtime, common::config_file_path(), argv);

  // An exec into a container of ours whose monitor died: the runtime could not
  // reach the listener and would fail the exec; a new monitor takes it.
  std::optional<common::MonitorLock> orphan;
  std::string problem;
  std::string refused;
  if (!command.exec_container_id.empty()) {
    try {
      orphan = shim::orphaned_monitor(config.state_root, command.exec_container_id, command.global.root);
      if (!orphan) refused = shim::exec_refusal(command.exec_container_id, command.global.root, config);
    } catch (const std::exception& e) {
      problem = "container " + command.exec_container_id + ": " + e.what();
    }
  }
  // A deleted container's record goes to the past ones: its id is free again.
  if (!command.delete_container_id.empty()) {
    try {
      (void)shim::retire_prior_instance(config.state_root, command.delete_container_id, config.retention);
    } catch (const std::exception& e) {
      problem = "container " + command.delete_container_id + ": its state stays where it is: " + e.what();
    }
  }

  if (command.create || orphan || !refused.empty() || !config_problem.empty() || !problem.empty()) {
    common::setup_runtime_log(
        {command.global.log_path, common::parse_log_format(command.global.log_format), command.global.debug},
        "seccomp-witness");
    if (!config_problem.empty()) spdlog::error("{}; using the defaults", config_problem);
    if (command.create) shim::intercept_create(command, config, runtime);
    if (!problem.empty()) spdlog::error("{}", problem);
    if (orphan) shim::intercept_exec(command.exec_container_id, config, std::move(*orphan));
    if (!refused.empty()) {
      spdlog::error("container {}: exec refused: {}", command.exec_container_id, refused);
      spdlog::shutdown();
      return kExitExecRefused;
    }
    spdlog::shutdown();
  }
  shim::exec_runtime(runtime, argv);
  return kExitCannotRun;
}
