// SPDX-License-Identifier: Apache-2.0
#include "exec_limits.hpp"

#include <filesystem>

#include "file_io.hpp"
#include "state/container_instance.hpp"
#include "state/monitor_proof.hpp"
#include "state/paths.hpp"
#include "state/state_files.hpp"

namespace shim {
namespace {

/// The notify fds the monitor of `state_dir` serves, when a monitor of it runs.
std::uint64_t served_by(const std::filesystem::path& state_dir) {
  const std::string count = state_dir / common::kNotifyFdsFile;
  const pid_t pid = common::read_pid_file(count);  // the file holds a number, as a pid file does
  if (pid <= 0) return 0;
  // A monitor that was killed may have left its count: it counts only while one runs.
  const std::string lock = state_dir / common::kMonitorLockFile;
  for (const char* name : {common::kMonitorPidFile, common::kWorkerPidFile}) {
    const pid_t holder = common::read_pid_file(state_dir / name);
    if (holder > 0 && common::holds_flock(holder, lock)) return static_cast<std::uint64_t>(pid);
  }
  return 0;
}

}  // namespace

std::uint64_t notify_fds_on_node(const common::Config& config) {
  std::uint64_t node = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(config.state_root, ec))
    if (entry.is_directory(ec) && !entry.path().filename().string().starts_with("@")) node += served_by(entry.path());
  return node;
}

std::string exec_refusal(const std::string& container_id, const std::string& runtime_root,
                         const common::Config& config) {
  const auto paths = common::container_paths(config.state_root, container_id);
  if (!paths) return {};
  std::error_code ec;
  if (!std::filesystem::exists(paths->state_dir + "/" + common::kNotifyFdsFile, ec)) return {};
  const auto instance = common::read_container_instance(paths->state_dir);
  if (!instance || instance->runtime_root != common::normalized_root(runtime_root)) return {};
  const std::uint64_t own = served_by(paths->state_dir);
  if (own >= config.notify_fds_per_container)
    return "its monitor serves " + std::to_string(own) + " notify fds already, each on a thread of its own (" +
           "notify_fds_per_container = " + std::to_string(config.notify_fds_per_container) + " in config.toml)";
  const std::uint64_t node = notify_fds_on_node(config);
  if (node >= config.notify_fds_per_node)
    return "the monitors of this node serve " + std::to_string(node) + " notify fds already (" +
           "notify_fds_per_node = " + std::to_string(config.notify_fds_per_node) + " in config.toml)";
  return {};
}

}  // namespace shim
