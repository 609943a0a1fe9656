// SPDX-License-Identifier: Apache-2.0
#include "doctor.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/magic.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "linux/audit_kills.hpp"
#include "linux/kernel_features.hpp"
#include "runtime/runtime_locator.hpp"
#include "state/config_file.hpp"
#include "state/paths.hpp"
#include "unique_fd.hpp"

extern char** environ;

namespace ctl {
namespace {

enum class Verdict { kOk, kWarn, kFail };

class Report {
 public:
  void line(Verdict verdict, const std::string& what, const std::string& detail, const std::string& todo = {}) {
    static const char* const kWords[] = {"ok", "warn", "fail"};
    std::cout << kWords[static_cast<int>(verdict)]
              << std::string(6 - std::strlen(kWords[static_cast<int>(verdict)]), ' ') << what
              << std::string(what.size() < 13 ? 13 - what.size() : 1, ' ') << detail << '\n';
    if (!todo.empty()) std::cout << "      -> " << todo << '\n';
    if (verdict == Verdict::kFail) ++failed_;
    if (verdict == Verdict::kWarn) ++warned_;
  }
  [[nodiscard]] int finish() const {
    std::cout << "doctor: " << failed_ << " failed, " << warned_ << " warning(s)\n";
    return failed_ > 0 ? 1 : 0;
  }

 private:
  int failed_ = 0;
  int warned_ = 0;
};

/// The first line `program --version` prints, or why it could not run.
bool first_line_of_version(const std::string& program, std::string& out) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    out = std::strerror(errno);
    return false;
  }
  common::UniqueFd read_end(fds[0]);
  common::UniqueFd write_end(fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string arg0 = program;
  std::string arg1 = "--version";
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid = 0;
  const int err = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  write_end.reset();
  if (err != 0) {
    out = std::strerror(err);
    return false;
  }
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(read_end.get(), buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  out = text.substr(0, text.find('\n'));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  out = "exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return false;
}

std::string on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr && *path != '\0' ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";
  for (std::size_t at = 0; at <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', at), dirs.size());
    std::string candidate = dirs.substr(at, end - at) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return {};
}

common::Config check_config(Report& report) {
  const std::string path = common::config_file_path();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    report.line(Verdict::kWarn, "config", path + ": not found; the defaults are used",
                "write it from contrib/config.toml (contrib/install-node.sh does)");
    return common::default_config();
  }
  try {
    common::Config config = common::load_config(path);
    report.line(Verdict::kOk, "config", path);
    return config;
  } catch (const std::exception& e) {
    report.line(Verdict::kFail, "config", e.what(),
                "fix the file: every runtime call reports it and falls back to the defaults");
    return common::default_config();
  }
}

void check_environment(Report& report) {
  const char* custom = std::getenv("SECCOMP_WITNESS_CONFIG");
  if (custom == nullptr || *custom == '\0' || std::string(custom) == common::kDefaultConfigPath) return;
  report.line(Verdict::kWarn, "environment", std::string("SECCOMP_WITNESS_CONFIG=") + custom + " is set here",
              "engines start the runtime with their own environment (CRI-O: conmon_env only): set it there too, or "
              "use " +
                  std::string(common::kDefaultConfigPath));
}

void check_runtime(Report& report, const common::Config& config, const std::string& wrapper) {
  try {
    const char* env = std::getenv("SECCOMP_WITNESS_RUNTIME");
    const char* path = std::getenv("PATH");
    const std::string runtime =
        common::locate_runtime({config.runtime, env != nullptr ? env : "", path != nullptr ? path : "", wrapper});
    std::string version;
    if (first_line_of_version(runtime, version))
      report.line(Verdict::kOk, "runtime", runtime + " (" + version + ")");
    else
      report.line(Verdict::kFail, "runtime", runtime + " --version: " + version,
                  "install runc or crun, or fix runtime =");
  } catch (const std::exception& e) {
    report.line(Verdict::kFail, "runtime", e.what(), "set runtime = in the config file to the real runc or crun");
  }
}

void check_monitor(Report& report, const common::Config& config) {
  std::string version;
  if (first_line_of_version(config.monitor, version))
    report.line(Verdict::kOk, "monitor", config.monitor + " (" + version + ")");
  else
    report.line(Verdict::kFail, "monitor", config.monitor + " cannot be run: " + version,
                "opted-in containers run unwatched: install it (contrib/install-node.sh) or fix monitor =");
}

void check_state_dir(Report& report, const common::Config& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.state_root, ec);
  const std::string probe = config.state_root + "/.doctor-" + std::to_string(::getpid());
  const common::UniqueFd fd(::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd) {
    report.line(Verdict::kFail, "state_dir", config.state_root + ": " + std::strerror(errno),
                "opted-in containers run unwatched: make it a writable directory (root), or fix state_dir =");
    return;
  }
  ::unlink(probe.c_str());
  struct statfs fs {};
  if (::statfs(config.state_root.c_str(), &fs) == 0 && fs.f_type != TMPFS_MAGIC) {
    report.line(Verdict::kWarn, "state_dir", config.state_root + ": writable, but not on a tmpfs",
                "records then outlive a reboot that their containers do not; /run is a tmpfs");
    return;
  }
  report.line(Verdict::kOk, "state_dir", config.state_root + ": writable (tmpfs)");
}

void check_kernel(Report& report) {
  const common::KernelFeatures features = common::probe_kernel_features();
  if (!features.user_notification) {
    report.line(Verdict::kFail, "kernel", "no seccomp user notification (Linux 5.0)",
                "opted-in containers run under their original profile, unwatched");
    return;
  }
  report.line(Verdict::kOk, "kernel", "seccomp user notification");
  struct Feature {
    bool present;
    const char* ok;
    Verdict missing;  ///< how much its absence matters
    const char* absent;
    const char* consequence;
  };
  const Feature features_used[] = {
      {features.sync_wake_up, "synchronous wake-up of the listener (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP)",
       Verdict::kWarn, "no synchronous wake-up of the listener (Linux 6.6)",
       "denied calls take longer to answer; a kernel of 6.6 or later makes them cheap"},
      {features.thread_pidfd, "pidfds of single threads (PIDFD_THREAD)", Verdict::kWarn,
       "no pidfds of single threads (Linux 6.9)",
       "a kill rule's SIGSYS goes by tgkill once the caller's process pidfd shows it alive"},
      {features.low_oom_score, "monitors may set oom_score_adj -999 (the OOM killer takes them last)", Verdict::kWarn,
       "a negative oom_score_adj is refused here",
       "monitors keep the score they start with; the OOM killer weighs their few MiB like any process's"},
      {features.openat2, "openat2 without symlinks (termination messages)", Verdict::kFail, "no openat2 (Linux 5.6)",
       "termination messages are not written; the summary still has them"},
  };
  for (const Feature& f : features_used) {
    if (f.present)
      report.line(Verdict::kOk, "kernel", f.ok);
    else
      report.line(f.missing, "kernel", f.absent, f.consequence);
  }
}

/// Kill rules stay the kernel's only where monitors read its kill records.
void check_kill_records(Report& report, const common::Config& config) {
  if (!config.kill_records) {
    report.line(Verdict::kWarn, "kill rules", "config.toml says kill_records = false",
                "kill rules notify, and a monitor ends their callers by a signal: a pid namespace's init by SIGKILL, "
                "not the kernel's SIGSYS");
    return;
  }
  const std::string why = common::audit_kills_unavailable();
  if (!why.empty()) {
    report.line(Verdict::kWarn, "kill rules", "the kernel's kill records cannot be read here: " + why,
                "kill rules notify instead, and a monitor ends their callers by a signal (a pid namespace's init by "
                "SIGKILL); CAP_AUDIT_READ and kill_process kill_thread in kernel.seccomp.actions_logged fix it");
    return;
  }
  report.line(Verdict::kOk, "kill rules", "stay the kernel's; monitors count them from its audit records (type 1326)");
  if (!common::seccomp_action_logged("log")) {
    report.line(Verdict::kWarn, "kill rules", "kernel.seccomp.actions_logged leaves out log",
                "a monitor cannot mark the end of the records it waits for: it waits 5 s more when its container ends");
  }
  try {
    (void)common::open_sigsys_exit_socket();
  } catch (const std::exception& e) {
    report.line(Verdict::kWarn, "kill rules", std::string("no exit events of the proc connector: ") + e.what(),
                "a child killed by a kill rule and reaped at once may go uncounted");
  }
}

int doctor() {
  Report report;
  const common::Config config = check_config(report);
  check_environment(report);
  const std::string wrapper = on_path("seccomp-witness");
  if (wrapper.empty())
    report.line(Verdict::kWarn, "wrapper", "seccomp-witness is not on PATH",
                "engines name it by its full path: check runtime_path (CRI-O), BinaryName (containerd)");
  else
    report.line(Verdict::kOk, "wrapper", wrapper);
  check_runtime(report, config, wrapper);
  check_monitor(report, config);
  check_state_dir(report, config);
  check_kernel(report);
  check_kill_records(report, config);
  return report.finish();
}

}  // namespace

void add_doctor_command(CLI::App& app) {
  CLI::App* cmd =
      app.add_subcommand("doctor", "Check that this node is set up to watch containers, and say what to do");
  cmd->callback([] {
    const int status = doctor();
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace ctl
