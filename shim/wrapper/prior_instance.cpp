// SPDX-License-Identifier: Apache-2.0
#include "prior_instance.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "state/past_records.hpp"
#include "state/paths.hpp"
#include "state/state_files.hpp"
#include "sys_error.hpp"

namespace shim {
namespace {

/// How long a monitor whose container is gone may take to write its last words
/// and end. The wait ends when it does (its lock is free); the bound is only for
/// a monitor that hangs, and is generous because a loaded node (a CPU shared
/// with a busy neighbour) can take seconds to schedule a process's exit. Past it
/// the new container runs unwatched, under its original profile.
constexpr auto kMonitorExitWait = std::chrono::seconds(20);

/// True when the instance that made `state_dir` still runs, given that its
/// monitor is gone (`lock` taken).
bool still_running(const std::string& state_dir) {
  const auto instance = common::read_container_instance(state_dir);
  return instance && common::instance_running(*instance);
}

}  // namespace

PriorInstance retire_prior_instance(const std::string& state_root, const std::string& id,
                                    const common::Retention& retention) {
  const auto paths = common::container_paths(state_root, id);
  if (!paths) return PriorInstance::kNone;
  struct stat st {};
  if (::lstat(paths->state_dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return PriorInstance::kNone;
    common::throw_errno("lstat", paths->state_dir);
  }
  // Held for as long as we look and move, so that no exec restarts its monitor meanwhile.
  auto lock = common::MonitorLock::take_if_gone(paths->state_dir);
  if (!lock && ::access((paths->state_dir + "/" + common::kMonitorLockFile).c_str(), F_OK) == 0) {
    // A monitor runs. Once its container's init is gone it only writes its last
    // summary (a container deleted and created again at once: podman restart).
    const auto instance = common::read_container_instance(paths->state_dir);
    if (!instance || instance->pid == 0 || common::instance_running(*instance)) return PriorInstance::kRunning;
    const auto deadline = std::chrono::steady_clock::now() + kMonitorExitWait;
    while (!(lock = common::MonitorLock::take_if_gone(paths->state_dir))) {
      if (std::chrono::steady_clock::now() >= deadline) return PriorInstance::kRunning;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  // No lock file at all: a dir no monitor ever held, nothing lives there.
  if (lock && still_running(paths->state_dir)) return PriorInstance::kRunning;  // its monitor died, not the container
  common::retire_state_dir(state_root, id, paths->state_dir, retention);
  spdlog::debug("container {}: the state of an earlier container with this id moved to {}", id,
                common::past_root(state_root));
  return PriorInstance::kRetired;
}

std::optional<common::ContainerInstance> prior_instance(const std::string& state_root, const std::string& id) {
  const auto paths = common::container_paths(state_root, id);
  if (!paths) return std::nullopt;
  return common::read_container_instance(paths->state_dir);
}

std::optional<common::MonitorLock> orphaned_monitor(const std::string& state_root, const std::string& container_id,
                                                    const std::string& runtime_root) {
  const auto paths = common::container_paths(state_root, container_id);
  if (!paths) return std::nullopt;
  auto lock = common::MonitorLock::take_if_gone(paths->state_dir);
  if (!lock) return std::nullopt;
  // Another container that has the id now (the watched one was deleted, or it
  // lives under another root) is not ours to watch.
  const auto instance = common::read_container_instance(paths->state_dir);
  if (!instance || instance->runtime_root != common::normalized_root(runtime_root) ||
      !common::instance_running(*instance))
    return std::nullopt;
  return lock;
}

}  // namespace shim
