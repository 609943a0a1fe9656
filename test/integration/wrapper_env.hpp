// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fixture.hpp"
#include "json_doc.hpp"

namespace itest {

/// Skips a test that cannot run here, or fails it where skipping is not allowed (CI).
#define REQUIRE_CONTAINERS(runtime)                                        \
  do {                                                                     \
    std::string why_;                                                      \
    if (!::itest::can_run_containers((runtime), why_)) {                   \
      if (std::getenv("SECCOMP_WITNESS_REQUIRE_INTEGRATION") != nullptr) { \
        FAIL() << why_;                                                    \
      }                                                                    \
      GTEST_SKIP() << why_;                                                \
    }                                                                      \
  } while (0)

/// True when no process holds the flock of `path` (or there is no such file).
inline bool lock_free(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;
  const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);  // and with it the lock, if taken
  return free;
}

/// A config.toml of the test's own for the wrapper: the real runtime to exec, a
/// state dir in scratch space, and the monitor program.
class WrapperEnv {
 public:
  explicit WrapperEnv(const std::string& runtime, const std::string& monitor = env_path("MONITOR")) {
    std::ofstream(scratch_.path() + "/config.toml")
        << "runtime = \"" << runtime << "\"\nstate_dir = \"" << state_root() << "\"\nmonitor = \"" << monitor << "\"\n";
  }
  /// Points config.toml at another monitor program; the lines added stay.
  void set_monitor(const std::string& monitor) const {
    const std::string path = scratch_.path() + "/config.toml";
    std::istringstream lines(read_if_exists(path));
    std::string kept;
    for (std::string line; std::getline(lines, line);)
      kept += (line.rfind("monitor = ", 0) == 0 ? "monitor = \"" + monitor + "\"" : line) + "\n";
    std::ofstream(path) << kept;
  }
  /// Appends TOML lines to the config file ("carry_out_from_annotation = true").
  void configure(const std::string& lines) const {
    std::ofstream(scratch_.path() + "/config.toml", std::ios::app) << lines << "\n";
  }
  [[nodiscard]] std::string state_root() const { return scratch_.path() + "/state"; }
  [[nodiscard]] std::string state_dir(const std::string& id) const { return state_root() + "/" + id; }
  /// The state dir of `id` while it lives, else its newest past record (a deleted
  /// container's state moves to <state_root>/@past/<id>@<time>).
  [[nodiscard]] std::string record_dir(const std::string& id) const {
    if (std::filesystem::exists(state_dir(id))) return state_dir(id);
    std::string newest;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(state_root() + "/@past", ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(id + "@", 0) == 0 && entry.path().string() > newest) newest = entry.path().string();
    }
    return newest.empty() ? state_dir(id) : newest;
  }
  /// The monitor's summary.json for `id`; an empty object before it exists.
  [[nodiscard]] rapidjson::Document summary(const std::string& id) const {
    const std::string text = read_if_exists(state_dir(id) + "/summary.json");
    return common::parse_json(text.empty() ? "{}" : text, "summary.json");
  }
  /// The summary of `id` once its monitor has ended and written its last one: a
  /// foreground `run` can return before that. Waits up to `timeout`; then the
  /// record as it is.
  [[nodiscard]] rapidjson::Document final_summary(const std::string& id,
                                                  std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    (void)monitor_ended(id, timeout);
    return record_summary(id);
  }
  /// True once the monitor of `id` has written its last summary and ended (it
  /// takes its pid files with it), waiting up to `timeout`.
  [[nodiscard]] bool monitor_ended(const std::string& id,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    return eventually(
        [&] {
          const auto s = record_summary(id);
          const bool last = s.HasMember("state") && std::string_view(s["state"].GetString()) != "watching";
          // The supervisor takes its pid file, then ends; its lock frees when it has.
          return last && !process_alive(std::atoi(read_if_exists(record_dir(id) + "/monitor.pid").c_str())) &&
                 lock_free(record_dir(id) + "/monitor.lock");
        },
        timeout);
  }
  /// The summary in the record of `id`, live or past; an empty object before it exists.
  [[nodiscard]] rapidjson::Document record_summary(const std::string& id) const {
    const std::string text = read_if_exists(record_dir(id) + "/summary.json");
    return common::parse_json(text.empty() ? "{}" : text, "summary.json");
  }
  /// Forbidden syscalls the monitor of `id` has counted so far.
  [[nodiscard]] std::uint64_t total_seen(const std::string& id) const {
    const auto s = summary(id);
    return s.HasMember("total") ? s["total"].GetUint64() : 0;
  }
  /// The pid of the monitor of `id` (its supervisor); 0 before it wrote it.
  [[nodiscard]] int monitor_pid(const std::string& id) const {
    return std::atoi(read_if_exists(state_dir(id) + "/monitor.pid").c_str());
  }
  /// The pid of the monitor's worker, which answers the notifications; 0 before it wrote it.
  [[nodiscard]] int worker_pid(const std::string& id) const {
    return std::atoi(read_if_exists(state_dir(id) + "/worker.pid").c_str());
  }
  [[nodiscard]] std::map<std::string, std::string> env() const {
    return {{"SECCOMP_WITNESS_CONFIG", scratch_.path() + "/config.toml"}};
  }

 private:
  ScratchDir scratch_;
};

/// A test run once per runtime (the parameter names its variable: "RUNC",
/// "CRUN"), with a runtime root and a wrapper config of its own.
class PerRuntimeTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override { REQUIRE_CONTAINERS(runtime_); }
  /// `rest` after the global flag that puts the runtime's state in root_.
  std::vector<std::string> args(std::vector<std::string> rest) const {
    rest.insert(rest.begin(), {"--root", root_.path()});
    return rest;
  }
  std::string runtime_ = env_path(GetParam());
  RuntimeRoot root_{runtime_};
  WrapperEnv wrapper_{runtime_};
};

}  // namespace itest
