// SPDX-License-Identifier: Apache-2.0
// probe: performs one named syscall with the given arguments and prints what it
// returned, so that tests can compare what a container sees with and without
// seccomp-witness. Static, so it runs in a bare busybox rootfs.
//
//   probe [--in-thread] [--catch-sigsys] [--repeat N] [--until PATH] [--latency] [--tally] SYSCALL [ARG...]
//   ARG: a number (123, -1, 0x10) or s:TEXT (a pointer to the string TEXT)
//   prints: "SYSCALL = RET" or "SYSCALL = -1 errno=N (NAME)"; with --repeat, the
//   last result, "calls=N" and the mean time of one call "ns_per_call=T"; with
//   --latency also the median and 99th percentile of single calls, "p50_ns=..
//   p99_ns=.."; with --tally, how many calls ended with each errno (0: success),
//   "tally=13:399998,38:2". --until PATH: goes on (after the N calls of --repeat,
//   if given) until PATH exists, so that a flood lasts until a test has done what
//   it does during one, however fast this machine is.
//   --in-thread: the call is made by a second thread; the first waits for it (at
//   most 2 s), prints its result or "SYSCALL: the thread did not come back" (the
//   kernel's KILL_THREAD ends it inside the call), then "process goes on"; with
//   --linger MS it goes on MS milliseconds more before it exits. --catch-sigsys: a SIGSYS handler prints
//   "caught SIGSYS" and ends the process with exit code 3.
//
//   SYSCALL may also be one of two pseudo-calls that benchmarks time, each a
//   whole round of what programs do all the time: "fork-exit" (fork, the child
//   exits at once, waitpid) and "thread-join" (pthread_create of a thread that
//   returns at once, pthread_join); each "returns" 0, or -1 and errno.
//
//   probe sockopt [--in-thread] LEVEL OPTNAME VALUE [READ_OPTNAME]
//   sets the int option on a new AF_UNIX datagram socket and reads it (or
//   READ_OPTNAME) back: "setsockopt = 0 getsockopt=VALUE" or
//   "setsockopt = -1 errno=N (NAME) getsockopt=VALUE"; with --in-thread, from a
//   second thread (a notification's pid is then not the process's).
//
//   probe sockopt-race [--unshare-user] CALLS A B
//   SO_PRIORITY set CALLS times from a value a second thread flips between A and
//   B: "ok=N failed=M set_b=K" (see sockopt_race).
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

long parse_arg(const char* text, std::vector<std::string>& strings) {
  if (std::strncmp(text, "s:", 2) == 0) {
    strings.emplace_back(text + 2);
    return reinterpret_cast<long>(strings.back().c_str());
  }
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text, &end, 0);
  if (errno != 0 || end == text || *end != '\0') {
    std::fprintf(stderr, "probe: bad argument '%s'\n", text);
    std::exit(2);
  }
  return value;
}

void print_result(const char* name, long ret, int err) {
  if (ret == -1)
    std::printf("%s = -1 errno=%d (%s)", name, err, strerrorname_np(err) != nullptr ? strerrorname_np(err) : "?");
  else
    std::printf("%s = %ld", name, ret);
}

struct SockoptCall {
  int level = 0;
  int option = 0;
  int value = 0;
  int read_back = 0;
};

void* sockopt_call(void* data) {
  const auto* call = static_cast<const SockoptCall*>(data);
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::perror("probe: socket");
    return nullptr;
  }
  errno = 0;
  const long ret = ::setsockopt(fd, call->level, call->option, &call->value, sizeof call->value);
  print_result("setsockopt", ret, errno);
  int now = 0;
  socklen_t len = sizeof now;
  if (::getsockopt(fd, call->level, call->read_back, &now, &len) == 0)
    std::printf(" getsockopt=%d\n", now);
  else
    std::printf(" getsockopt=error\n");
  ::close(fd);
  return nullptr;
}

/// setsockopt with an int value, then getsockopt of the same option (or of
/// READ_OPTNAME): whether the value really took effect on the socket. With
/// --in-thread, a second thread does it all.
int sockopt(int argc, char** argv) {
  int i = 2;
  const bool in_thread = i < argc && std::strcmp(argv[i], "--in-thread") == 0;
  if (in_thread) ++i;
  if (argc - i != 3 && argc - i != 4) {
    std::fprintf(stderr, "usage: probe sockopt [--in-thread] LEVEL OPTNAME VALUE [READ_OPTNAME]\n");
    return 2;
  }
  std::vector<std::string> unused;
  SockoptCall call;
  call.level = static_cast<int>(parse_arg(argv[i], unused));
  call.option = static_cast<int>(parse_arg(argv[i + 1], unused));
  call.value = static_cast<int>(parse_arg(argv[i + 2], unused));
  call.read_back = argc - i == 4 ? static_cast<int>(parse_arg(argv[i + 3], unused)) : call.option;
  if (!in_thread) {
    sockopt_call(&call);
    return 0;
  }
  pthread_t thread;
  if (pthread_create(&thread, nullptr, sockopt_call, &call) != 0 || pthread_join(thread, nullptr) != 0) {
    std::fprintf(stderr, "probe: thread failed\n");
    return 1;
  }
  return 0;
}

struct Flipper {
  int value = 0;
  int a = 0;
  int b = 0;
  volatile bool stop = false;
};

void* flip(void* data) {
  auto* f = static_cast<Flipper*>(data);
  while (!f->stop) {
    __atomic_store_n(&f->value, f->a, __ATOMIC_RELAXED);
    __atomic_store_n(&f->value, f->b, __ATOMIC_RELAXED);
  }
  return nullptr;
}

/// setsockopt(SOL_SOCKET, SO_PRIORITY, &value) CALLS times while a second thread
/// flips `value` between A and B, as a caller racing a monitor that judged the
/// value would: "ok=N failed=M set_b=K", K the calls after which the socket held
/// B. With --unshare-user, from a user namespace of its own whose map was never
/// written.
int sockopt_race(int argc, char** argv) {
  int i = 2;
  const bool unshare_user = i < argc && std::strcmp(argv[i], "--unshare-user") == 0;
  if (unshare_user) ++i;
  if (argc - i != 3) {
    std::fprintf(stderr, "usage: probe sockopt-race [--unshare-user] CALLS A B\n");
    return 2;
  }
  const long calls = std::strtol(argv[i], nullptr, 10);
  Flipper f;
  f.a = static_cast<int>(std::strtol(argv[i + 1], nullptr, 0));
  f.b = static_cast<int>(std::strtol(argv[i + 2], nullptr, 0));
  f.value = f.a;
  if (unshare_user && ::unshare(CLONE_NEWUSER) != 0) {
    std::perror("probe: unshare(CLONE_NEWUSER)");
    return 1;
  }
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  pthread_t thread;
  if (fd < 0 || pthread_create(&thread, nullptr, flip, &f) != 0) {
    std::perror("probe: socket or thread");
    return 1;
  }
  long ok = 0;
  long failed = 0;
  long set_b = 0;
  for (long n = 0; n < calls; ++n) {
    if (::setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &f.value, sizeof f.value) != 0) {
      ++failed;
      continue;
    }
    ++ok;
    int now = 0;
    socklen_t len = sizeof now;
    if (::getsockopt(fd, SOL_SOCKET, SO_PRIORITY, &now, &len) == 0 && now == f.b) ++set_b;
  }
  f.stop = true;
  pthread_join(thread, nullptr);
  std::printf("ok=%ld failed=%ld set_b=%ld\n", ok, failed, set_b);
  return 0;
}

void on_sigsys(int) {
  static const char kCaught[] = "caught SIGSYS\n";
  (void)!::write(STDOUT_FILENO, kCaught, sizeof kCaught - 1);
  _exit(3);
}

// Pseudo-calls (see the top): negative numbers no syscall has.
constexpr int kForkExit = -100;
constexpr int kThreadJoin = -101;

void* return_at_once(void*) {
  return nullptr;
}

long fork_exit() {
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) _exit(0);
  int status = 0;
  return ::waitpid(child, &status, 0) == child ? 0 : -1;
}

long thread_join() {
  pthread_t thread;
  const int err = pthread_create(&thread, nullptr, return_at_once, nullptr);
  if (err != 0) {
    errno = err;
    return -1;
  }
  pthread_join(thread, nullptr);
  return 0;
}

long make_call(int nr, const long (&args)[6]) {
  if (nr == kForkExit) return fork_exit();
  if (nr == kThreadJoin) return thread_join();
  return ::syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
}

struct Call {
  int nr = 0;
  long args[6] = {0, 0, 0, 0, 0, 0};
  long ret = 0;
  int err = 0;
  bool returned = false;  ///< false when the thread ended inside the call (the kernel's KILL_THREAD)
};

void* call_in_thread(void* data) {
  auto* call = static_cast<Call*>(data);
  errno = 0;
  call->ret = make_call(call->nr, call->args);
  call->err = errno;
  call->returned = true;
  return nullptr;
}

/// Makes `call` from a second thread: prints its result if the thread comes
/// back, then "process goes on".
int call_from_thread(const char* name, Call& call) {
  pthread_t thread;
  if (pthread_create(&thread, nullptr, call_in_thread, &call) != 0) {
    std::fprintf(stderr, "probe: pthread_create failed\n");
    return 1;
  }
  timespec deadline{};
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 2;
  if (pthread_timedjoin_np(thread, nullptr, &deadline) == 0 && call.returned) {
    print_result(name, call.ret, call.err);
    std::printf("\n");
  } else {
    std::printf("%s: the thread did not come back\n", name);
  }
  std::printf("process goes on\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "sockopt") == 0) return sockopt(argc, argv);
  if (argc > 1 && std::strcmp(argv[1], "sockopt-race") == 0) return sockopt_race(argc, argv);
  int i = 1;
  long repeat = 1;
  bool latency = false;
  bool in_thread = false;
  long linger_ms = 0;
  for (; i < argc; ++i) {
    if (std::strcmp(argv[i], "--in-thread") == 0) {
      in_thread = true;
    } else if (std::strcmp(argv[i], "--linger") == 0 && i + 1 < argc) {
      linger_ms = std::strtol(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--catch-sigsys") == 0) {
      struct sigaction action {};
      action.sa_handler = on_sigsys;
      ::sigaction(SIGSYS, &action, nullptr);
    } else {
      break;
    }
  }
  if (i + 1 < argc && std::strcmp(argv[i], "--repeat") == 0) {
    repeat = std::strtol(argv[i + 1], nullptr, 10);
    i += 2;
  }
  if (i < argc && std::strcmp(argv[i], "--latency") == 0) {
    latency = true;
    ++i;
  }
  const char* until = nullptr;
  if (i + 1 < argc && std::strcmp(argv[i], "--until") == 0) {
    until = argv[i + 1];
    i += 2;
  }
  bool tally = false;
  if (i < argc && std::strcmp(argv[i], "--tally") == 0) {
    tally = true;
    ++i;
  }
  if (i >= argc || repeat < 1 || (until != nullptr && latency)) {
    std::fprintf(stderr, "usage: probe [--repeat N] [--until PATH] [--tally] SYSCALL [ARG...]\n");
    return 2;
  }
  const char* name = argv[i++];
  const int nr = std::strcmp(name, "fork-exit") == 0     ? kForkExit
                 : std::strcmp(name, "thread-join") == 0 ? kThreadJoin
                                                         : seccomp_syscall_resolve_name(name);
  if (nr == __NR_SCMP_ERROR || (nr < 0 && nr != kForkExit && nr != kThreadJoin)) {
    std::fprintf(stderr, "probe: unknown syscall '%s'\n", name);
    return 2;
  }
  std::vector<std::string> strings;
  strings.reserve(6);  // the pointers handed out must stay valid
  long args[6] = {0, 0, 0, 0, 0, 0};
  for (int a = 0; a < 6 && i < argc; ++a, ++i) args[a] = parse_arg(argv[i], strings);
  if (in_thread) {
    Call call;
    call.nr = nr;
    std::copy(args, args + 6, call.args);
    const int code = call_from_thread(name, call);
    // As a program goes on after a thread of it ended, before it exits.
    if (linger_ms > 0) ::usleep(static_cast<useconds_t>(linger_ms) * 1000);
    return code;
  }

  long ret = 0;
  int err = 0;
  timespec start{};
  timespec end{};
  std::vector<long> samples;
  if (latency) samples.reserve(static_cast<std::size_t>(repeat));
  std::vector<long> by_errno(4096, 0);  // --tally: how many calls failed with each errno (0: succeeded)
  clock_gettime(CLOCK_MONOTONIC, &start);
  timespec before = start;
  long calls = 0;
  // The file is looked for between batches of calls: a stat per call would halve a flood's rate.
  constexpr long kBatch = 256;
  for (long n = 0; n < repeat || (until != nullptr && (n % kBatch != 0 || ::access(until, F_OK) != 0)); ++n) {
    ++calls;
    errno = 0;
    ret = make_call(nr, args);
    err = errno;
    if (tally) ++by_errno[ret == -1 && err > 0 && err < 4096 ? err : 0];
    if (latency) {
      timespec after{};
      clock_gettime(CLOCK_MONOTONIC, &after);
      samples.push_back((after.tv_sec - before.tv_sec) * 1000000000L + (after.tv_nsec - before.tv_nsec));
      before = after;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  const double ns =
      static_cast<double>(end.tv_sec - start.tv_sec) * 1e9 + static_cast<double>(end.tv_nsec - start.tv_nsec);
  print_result(name, ret, err);
  if (calls > 1) std::printf(" calls=%ld ns_per_call=%.0f", calls, ns / static_cast<double>(calls));
  if (!samples.empty()) {
    std::sort(samples.begin(), samples.end());
    std::printf(" p50_ns=%ld p99_ns=%ld", samples[samples.size() / 2], samples[samples.size() * 99 / 100]);
  }
  if (tally) {
    std::printf(" tally=");
    const char* separator = "";
    for (std::size_t e = 0; e < by_errno.size(); ++e) {
      if (by_errno[e] == 0) continue;
      std::printf("%s%zu:%ld", separator, e, by_errno[e]);
      separator = ",";
    }
  }
  std::printf("\n");
  return 0;
}
