// SPDX-License-Identifier: Apache-2.0
#include "supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iterator>

#include "control_channel.hpp"
#include "file_io.hpp"
#include "linux/kernel_features.hpp"
#include "linux/unix_socket.hpp"
#include "state/state_files.hpp"

namespace shim {
namespace {

constexpr std::size_t kMaxHeld = 4096;   ///< notify fds: the container's and one per exec that still runs
constexpr std::size_t kMaxPending = 64;  ///< connections accepted, their message not there yet
constexpr int kRestartsBeforeBackoff = 5;
constexpr long kBackoffMs = 1000;

long now_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

class Supervisor {
 public:
  explicit Supervisor(const SupervisorStart& start) : start_(start) {
    for (int& fd : held_) fd = -1;
    for (int& fd : pending_) fd = -1;
    for (const auto& [slot, fd] : start.held)
      if (slot < kMaxHeld) held_[slot] = fd;
  }

  int run();

 private:
  void say(const char* level, const char* format, ...) __attribute__((format(printf, 3, 4)));
  void prepare();
  void lower_oom_score();
  bool start_worker();
  /// At the end: the pid files, which would otherwise name whoever takes the pids next.
  void remove_pid_files();
  void worker_ended();
  void send_held();
  void accept_all();
  /// Takes the notify fds off a connection without reading it; false while its
  /// message has not come.
  bool take_connection(std::size_t pending_index);
  void on_control();
  /// Tells the worker how many connections still wait for their message.
  void tell_pending();
  void upgrade();
  int hold(int fd);

  const SupervisorStart& start_;
  int log_ = -1;
  int signals_ = -1;
  int held_[kMaxHeld];
  int pending_[kMaxPending];
  pid_t worker_ = -1;
  int worker_pidfd_ = -1;
  int control_ = -1;
  bool upgrading_ = false;
  bool done_ = false;
  int exit_code_ = 0;
  long restarts_[kRestartsBeforeBackoff] = {};
  std::size_t restart_count_ = 0;
  long start_at_ = 0;  ///< when the next worker may start (crash loops back off)
  // Prepared before the loop: the workers' command lines, the first's and the next ones'.
  char state_arg_[4096] = {};
  char program_[4096] = {};
  const char* first_argv_[8] = {};
  const char* next_argv_[8] = {};
  const char* const* worker_argv_ = first_argv_;
};

void Supervisor::say(const char* level, const char* format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof message, format, args);
  va_end(args);
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  tm t{};
  ::gmtime_r(&ts.tv_sec, &t);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &t);
  char line[700];
  const int n =
      std::snprintf(line, sizeof line, "time=\"%s\" level=%s msg=\"seccomp-witness-monitor: supervisor: %s\"\n", when,
                    level, message);
  // Bounded as the worker's lines are (the worker says when the log is full).
  struct stat st {};
  if (log_ >= 0 && n > 0 && ::fstat(log_, &st) == 0 &&
      static_cast<std::uint64_t>(st.st_size) + sizeof line <= common::kMaxMonitorLogBytes)
    (void)!::write(log_, line, static_cast<std::size_t>(std::min<int>(n, sizeof line - 1)));
}

void Supervisor::prepare() {
  std::snprintf(program_, sizeof program_, "%s", start_.program.c_str());
  std::snprintf(state_arg_, sizeof state_arg_, "%s", start_.state_dir.c_str());
  char log_path[4200];
  std::snprintf(log_path, sizeof log_path, "%s/monitor.log", state_arg_);
  log_ = ::open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  for (const char** argv : {first_argv_, next_argv_}) {
    std::size_t a = 0;
    argv[a++] = program_;
    argv[a++] = "--worker";
    argv[a++] = "--state-dir";
    argv[a++] = state_arg_;
    if (start_.resume) argv[a++] = "--resume";
    // Every worker after the first goes on from what the one before counted.
    if (argv == next_argv_ || start_.upgraded) argv[a++] = "--restarted";
    argv[a] = nullptr;
  }

  // Accepting in the loop must never block it.
  ::fcntl(start_.listener, F_SETFL, ::fcntl(start_.listener, F_GETFL) | O_NONBLOCK);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGHUP);
  ::sigprocmask(SIG_BLOCK, &mask, nullptr);
  signals_ = ::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  ::signal(SIGPIPE, SIG_IGN);
}

void Supervisor::lower_oom_score() {
  // Refused here and there (see common::lower_oom_score): then the score stays.
  if (const int err = common::lower_oom_score(); err != 0)
    say("info", "oom_score_adj %s refused (%s); the monitor keeps its score", common::kMonitorOomScoreAdj,
        std::strerror(err));
}

int Supervisor::hold(int fd) {
  for (std::size_t slot = 0; slot < kMaxHeld; ++slot) {
    if (held_[slot] != -1) continue;
    held_[slot] = fd;
    return static_cast<int>(slot);
  }
  say("error", "more than %zu notify fds at once: one given up (its calls fail with ENOSYS)", kMaxHeld);
  ::close(fd);
  return -1;
}

bool Supervisor::start_worker() {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    say("error", "socketpair: %s", std::strerror(errno));
    return false;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    say("error", "fork: %s", std::strerror(errno));
    ::close(pair[0]);
    ::close(pair[1]);
    return false;
  }
  if (child == 0) {
    // Out of the way first, then in place: the sources may sit on 3 to 8.
    const int sources[6] = {pair[1], start_.listener, start_.runtime, start_.lock, start_.audit, start_.exits};
    const int count = start_.audit < 0 ? 4 : start_.exits < 0 ? 5 : 6;
    int moved[6];
    for (int i = 0; i < count; ++i) moved[i] = ::fcntl(sources[i], F_DUPFD_CLOEXEC, 200);
    for (int i = 0; i < count; ++i)
      if (moved[i] < 0 || ::dup2(moved[i], kWorkerControlFd + i) < 0) ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(program_, const_cast<char* const*>(worker_argv_));
    ::_exit(127);
  }
  ::close(pair[1]);
  control_ = pair[0];
  worker_ = child;
  worker_pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
  send_held();
  return true;
}

void Supervisor::send_held() {
  ControlMessage message;
  message.kind = ControlMessage::kNotifyFds;
  int fds[ControlMessage::kMaxFds];
  const auto flush = [&] {
    if (message.count > 0) (void)send_control(control_, message, fds, message.count);
    message.count = 0;
  };
  for (std::size_t slot = 0; slot < kMaxHeld; ++slot) {
    if (held_[slot] == -1) continue;
    message.slots[message.count] = static_cast<std::uint32_t>(slot);
    fds[message.count++] = held_[slot];
    if (message.count == ControlMessage::kMaxFds) flush();
  }
  flush();
}

void Supervisor::worker_ended() {
  on_control();  // what the worker said before it ended: the fds it released
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(worker_), &info, WEXITED) != 0) info.si_code = 0;
  ::close(worker_pidfd_);
  ::close(control_);
  worker_pidfd_ = control_ = -1;
  worker_ = -1;
  const bool exited = info.si_code == CLD_EXITED;
  const bool holds_any = std::any_of(std::begin(held_), std::end(held_), [](int fd) { return fd != -1; });
  // Done: every notify fd hung up (or none ever came). A fd that came after the
  // worker looked is served by the next one.
  if (exited && info.si_status == 0 && !holds_any) {
    done_ = true;
    return;
  }
  worker_argv_ = next_argv_;
  if (upgrading_) {
    upgrade();
    return;
  }
  if (exited && (info.si_status == 0 || info.si_status == kWorkerHandover)) {
    start_at_ = now_ms();
    return;
  }
  // A state dir taken away (an operator's rm -rf): no worker can ever start
  // again, and restarting one forever helps no one.
  char spec[4200];
  std::snprintf(spec, sizeof spec, "%s/monitor.json", state_arg_);
  if (::access(spec, F_OK) != 0 && errno == ENOENT) {
    say("error", "%s is gone: no worker can start; the monitor ends", spec);
    done_ = true;
    exit_code_ = 1;
    return;
  }
  say("warning", "the worker %s %d; starting another with every notify fd",
      exited ? "exited with code" : "was killed by signal", info.si_status);
  const long now = now_ms();
  restarts_[restart_count_++ % kRestartsBeforeBackoff] = now;
  const long oldest = restarts_[restart_count_ % kRestartsBeforeBackoff];
  // Five deaths within ten seconds: something kills every worker; do not spin.
  start_at_ = restart_count_ >= kRestartsBeforeBackoff && now - oldest < 10000 ? now + kBackoffMs : now;
}

void Supervisor::accept_all() {
  for (;;) {
    // Blocking, as the worker reads it; the supervisor only peeks, with MSG_DONTWAIT.
    const int conn = ::accept4(start_.listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return;
    ucred peer{};
    socklen_t length = sizeof peer;
    // Only root hands over notify fds (the runtime runs as root).
    if (::getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || peer.uid != 0) {
      say("warning", "refused a connection from uid %u (pid %d)", peer.uid, peer.pid);
      ::close(conn);
      continue;
    }
    std::size_t i = 0;
    while (i < kMaxPending && pending_[i] != -1) ++i;
    if (i == kMaxPending) {
      say("error", "%zu connections waiting at once: one refused", kMaxPending);
      ::close(conn);
      continue;
    }
    pending_[i] = conn;
    if (take_connection(i)) pending_[i] = -1;
  }
}

bool Supervisor::take_connection(std::size_t index) {
  const int conn = pending_[index];
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * ControlMessage::kMaxFds)] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  // MSG_PEEK: the fds are ours (duplicates) and the message stays for the worker.
  const ssize_t got = ::recvmsg(conn, &msg, MSG_PEEK | MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  if (got <= 0) {
    // Closed without a message: the worker may be waiting for it (see kSync).
    ::close(conn);
    pending_[index] = -1;
    tell_pending();
    return true;
  }
  ControlMessage message;
  message.kind = ControlMessage::kNotifyFds;
  message.has_connection = 1;
  int fds[ControlMessage::kMaxFds + 1];
  fds[0] = conn;
  int peeked[ControlMessage::kMaxFds];
  const std::size_t n = common::collect_passed_fds(msg, peeked, ControlMessage::kMaxFds);
  std::size_t count = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const int slot = hold(peeked[k]);
    if (slot < 0) continue;
    message.slots[count] = static_cast<std::uint32_t>(slot);
    fds[1 + count++] = peeked[k];
  }
  message.count = static_cast<std::uint32_t>(count);
  // The worker reads the state message itself; a dead one gets the fds with the rest.
  if (control_ >= 0) (void)send_control(control_, message, fds, count + 1);
  ::close(conn);
  return true;
}

void Supervisor::on_control() {
  ControlMessage message;
  int fds[ControlMessage::kMaxFds + 1];
  for (;;) {
    const int n = receive_control(control_, message, fds, false);
    if (n < 0) return;  // EAGAIN, or the worker is gone (its pidfd says so)
    for (int i = 0; i < n; ++i) ::close(fds[i]);
    if (message.kind == ControlMessage::kRelease && message.slots[0] < kMaxHeld && held_[message.slots[0]] != -1) {
      ::close(held_[message.slots[0]]);
      held_[message.slots[0]] = -1;
    } else if (message.kind == ControlMessage::kSync) {
      accept_all();
      for (std::size_t i = 0; i < kMaxPending; ++i)
        if (pending_[i] != -1 && take_connection(i)) pending_[i] = -1;
      tell_pending();
    }
  }
}

void Supervisor::tell_pending() {
  if (control_ < 0) return;
  ControlMessage reply;
  reply.kind = ControlMessage::kSync;
  // Connections whose message has not come: crun connects at create and sends at start.
  reply.count = static_cast<std::uint32_t>(
      std::count_if(std::begin(pending_), std::end(pending_), [](int fd) { return fd != -1; }));
  (void)send_control(control_, reply, nullptr, 0);
}

void Supervisor::upgrade() {
  upgrading_ = false;
  // What waits on the listener is held first; the new program starts the next worker.
  accept_all();
  for (std::size_t i = 0; i < kMaxPending; ++i)
    if (pending_[i] != -1) {
      (void)take_connection(i);
      pending_[i] = -1;
    }
  static char held_arg[kMaxHeld * 24];
  static char fds_arg[64];
  std::size_t used = 0;
  held_arg[0] = '\0';
  for (std::size_t slot = 0; slot < kMaxHeld && used + 24 < sizeof held_arg; ++slot) {
    if (held_[slot] == -1) continue;
    used += static_cast<std::size_t>(
        std::snprintf(held_arg + used, sizeof held_arg - used, "%s%zu:%d", used == 0 ? "" : ",", slot, held_[slot]));
    ::fcntl(held_[slot], F_SETFD, 0);
  }
  std::snprintf(fds_arg, sizeof fds_arg, "%d,%d,%d,%d,%d", start_.listener, start_.runtime, start_.lock, start_.audit,
                start_.exits);
  for (const int fd : {start_.listener, start_.runtime, start_.lock, start_.audit, start_.exits})
    if (fd >= 0) ::fcntl(fd, F_SETFD, 0);
  const char* argv[12] = {program_, "--state-dir", state_arg_, "--upgraded", "--fds", fds_arg, "--held", held_arg};
  std::size_t a = 8;
  if (start_.resume) argv[a++] = "--resume";
  argv[a] = nullptr;
  say("info", "upgrading in place: executing %s with the listener and every notify fd", program_);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execv(program_, const_cast<char* const*>(argv));
  say("error", "executing %s for the upgrade: %s; the running program goes on", program_, std::strerror(errno));
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGHUP);
  ::sigprocmask(SIG_BLOCK, &mask, nullptr);
  for (std::size_t slot = 0; slot < kMaxHeld; ++slot)
    if (held_[slot] != -1) ::fcntl(held_[slot], F_SETFD, FD_CLOEXEC);
  for (const int fd : {start_.listener, start_.runtime, start_.lock, start_.audit, start_.exits})
    if (fd >= 0) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int Supervisor::run() {
  prepare();
  lower_oom_score();
  if (!start_worker()) return 1;
  pollfd fds[4 + kMaxPending];
  while (!done_) {
    if (worker_ < 0 && now_ms() >= start_at_ && !start_worker()) start_at_ = now_ms() + kBackoffMs;
    std::size_t n = 0;
    fds[n++] = {start_.listener, POLLIN, 0};
    fds[n++] = {signals_, POLLIN, 0};
    fds[n++] = {worker_pidfd_, POLLIN, 0};  // -1 while there is no worker: ignored
    fds[n++] = {control_, POLLIN, 0};
    for (const int conn : pending_) fds[n++] = {conn, POLLIN, 0};
    const int timeout = worker_ < 0 ? static_cast<int>(std::max(1L, start_at_ - now_ms())) : -1;
    if (::poll(fds, n, timeout) < 0 && errno != EINTR) {
      say("error", "poll: %s", std::strerror(errno));
      return 1;
    }
    if (fds[1].revents != 0) {
      signalfd_siginfo info{};
      while (::read(signals_, &info, sizeof info) == sizeof info) {
        if (info.ssi_signo != SIGHUP) continue;
        upgrading_ = true;
        if (worker_ > 0)
          ::kill(worker_, SIGTERM);
        else
          upgrade();
      }
    }
    if (fds[3].revents != 0 && control_ >= 0) on_control();
    if (fds[0].revents != 0) accept_all();
    for (std::size_t i = 0; i < kMaxPending; ++i)
      if (fds[4 + i].revents != 0 && pending_[i] != -1 && take_connection(i)) pending_[i] = -1;
    if (fds[2].revents != 0 && worker_ > 0) worker_ended();
  }
  remove_pid_files();
  return exit_code_;
}

void Supervisor::remove_pid_files() {
  // A pid file outlives its process only to name whichever takes its pid next.
  char path[4200];
  for (const char* name : {common::kMonitorPidFile, common::kWorkerPidFile}) {
    std::snprintf(path, sizeof path, "%s/%s", state_arg_, name);
    // The worker's is gone with it already, unless it was killed; ours names us.
    if (std::strcmp(name, common::kMonitorPidFile) == 0 && common::read_pid_file(path) != ::getpid()) continue;
    ::unlink(path);
  }
}

}  // namespace

int run_supervisor(const SupervisorStart& start) {
  Supervisor supervisor(start);
  return supervisor.run();
}

bool parse_held(const char* text, std::vector<std::pair<std::uint32_t, int>>& out) {
  while (*text != '\0') {
    char* end = nullptr;
    const unsigned long slot = std::strtoul(text, &end, 10);
    if (end == text || *end != ':') return false;
    text = end + 1;
    const long fd = std::strtol(text, &end, 10);
    if (end == text || (*end != ',' && *end != '\0') || fd < 0 || slot >= kMaxHeld) return false;
    out.emplace_back(static_cast<std::uint32_t>(slot), static_cast<int>(fd));
    text = *end == ',' ? end + 1 : end;
  }
  return true;
}

}  // namespace shim
