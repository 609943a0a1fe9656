// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace itest {

/// The outcome of one command: its exit code and what it printed.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `program` with `args` (stdin /dev/null, output captured through files so
/// that a container inheriting them never blocks us), `env` added to ours; kills
/// it after `timeout`.
CommandResult run(const std::string& program, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {},
                  std::chrono::seconds timeout = std::chrono::seconds(60));

/// A path named by an environment variable that meson sets; empty when unset.
std::string env_path(const char* name);

/// True when the integration tests can run here (root, the runtime exists). When
/// they cannot, the caller skips -- unless SECCOMP_WITNESS_REQUIRE_INTEGRATION is
/// set (CI), where a skip would hide a broken machine and is a failure instead.
bool can_run_containers(const std::string& runtime, std::string& why);

/// A runtime state directory of its own (`--root`) for one test; every container
/// left in it is deleted on destruction, even when the test failed.
class RuntimeRoot {
 public:
  explicit RuntimeRoot(std::string runtime);
  ~RuntimeRoot();
  RuntimeRoot(const RuntimeRoot&) = delete;
  RuntimeRoot& operator=(const RuntimeRoot&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& runtime() const { return runtime_; }

 private:
  std::string runtime_;
  std::string path_;
};

/// An OCI bundle: a busybox-static rootfs and the config.json of `runc spec`,
/// adjusted through `config()` and saved with `save()`.
class Bundle {
 public:
  Bundle();
  ~Bundle();
  Bundle(const Bundle&) = delete;
  Bundle& operator=(const Bundle&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string config_path() const { return path_ + "/config.json"; }
  [[nodiscard]] rapidjson::Document& config() { return config_; }
  [[nodiscard]] const rapidjson::Document& config() const { return config_; }

  void set_args(const std::vector<std::string>& args);
  void set_annotation(const std::string& key, const std::string& value);
  /// Installs an OCI seccomp section (linux.seccomp).
  /// Gives the process a capability (bounding, effective, permitted).
  void add_capability(const std::string& capability);
  void set_seccomp(const rapidjson::Value& seccomp);
  void set_seccomp(std::string_view json);
  /// Bind-mounts the host file or directory `source` at `destination`.
  void add_bind_mount(const std::string& source, const std::string& destination);
  void save();
  [[nodiscard]] std::string config_text() const;

 private:
  std::string path_;
  rapidjson::Document config_;
};

/// A scratch directory, removed on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// Forbidden calls made one right after another by commands (exec sessions, say)
/// started beforehand, so that the quiet period between two calls never depends
/// on how long a command takes to start: command N first says it waits
/// (/signal/ready.N), then waits for /signal/go.N; the container mounts dir() at
/// /signal.
class Turns {
 public:
  /// The shell words that go before command `n`.
  [[nodiscard]] static std::string wait_for(int n);
  /// True once the first `count` commands wait (up to a minute: a slow exec).
  [[nodiscard]] bool ready(int count) const;
  void go(int n) const;
  [[nodiscard]] const std::string& dir() const { return dir_.path(); }

 private:
  ScratchDir dir_;
};

/// A command left running while the test goes on (a foreground `run`, say);
/// killed on destruction if still running.
class Background {
 public:
  Background(const std::string& program, const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  /// Waits up to `timeout`; the result's exit_code is -1 if it is still running.
  CommandResult wait(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

/// The file's content, or "" when it does not exist.
std::string read_if_exists(const std::string& path);

/// True while a process with this pid exists.
bool process_alive(int pid);

/// The resident set of a process in KiB; -1 when it is gone.
long rss_kib(int pid);

/// The bounding capabilities of `runc spec`'s default process.
std::vector<std::string> default_capabilities(const rapidjson::Document& config);

/// A profile Debian ships (named by the environment variable `env`), resolved for
/// the bundle's own capabilities on x86_64, as podman would.
rapidjson::Document resolved_profile(const char* env, const Bundle& bundle);

}  // namespace itest
