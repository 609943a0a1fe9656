// SPDX-License-Identifier: Apache-2.0
#include "kill_records.hpp"

#include <linux/netlink.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "linux/proc_status.hpp"
#include "quiet_thread.hpp"

namespace shim {

std::optional<std::string> pid_namespace_of(pid_t pid) {
  char buf[64];
  const std::string link = "/proc/" + std::to_string(pid) + "/ns/pid";
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  if (n <= 0) return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

KillRecords::KillRecords(common::UniqueFd audit, common::UniqueFd exits, OnKill on_kill)
    : audit_(std::move(audit)),
      exits_socket_(std::move(exits)),
      stop_(::eventfd(0, EFD_CLOEXEC)),
      on_kill_(std::move(on_kill)),
      host_pid_namespace_(pid_namespace_of(::getpid())) {}

KillRecords::~KillRecords() {
  stop();
}

void KillRecords::start() {
  reader_ = start_quiet_thread([this] { run(); });
}

void KillRecords::stop() {
  if (!reader_.joinable()) return;
  const std::uint64_t one = 1;
  (void)!::write(stop_.get(), &one, sizeof one);
  reader_.join();
}

void KillRecords::run() {
  // First in line when a record comes: the process it names is then most
  // likely still there to be placed. Refused without CAP_SYS_NICE: the reader
  // is as quick as the rest of the monitor.
  const sched_param priority{1};
  (void)::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &priority);
  for (;;) {
    pollfd ready[3] = {{audit_.get(), POLLIN, 0}, {stop_.get(), POLLIN, 0}, {exits_socket_.get(), POLLIN, 0}};
    if (::poll(ready, exits_socket_ ? 3 : 2, -1) < 0) {
      if (errno == EINTR) continue;
      spdlog::error("the kernel's kill records: poll: {}", std::strerror(errno));
      return;
    }
    if (ready[1].revents != 0) return;
    const std::lock_guard lock(mutex_);
    // Exits first: a kill whose process is gone is placed by them.
    read_exits();
    while (read_one(0) != Read::kNone) {
    }
  }
}

void KillRecords::set_init(pid_t init, bool own_pid_namespace) {
  const std::lock_guard lock(mutex_);
  // A container that ends at once has an init that is gone by the time the
  // runtime's message is read: where an exit saw it, then.
  Sighting seen = sight(init);
  for (const Exit& e : exits_)
    for (const Sighting* s : {&e.process, &e.parent})
      if (s->pid == init && (s->ns || s->cgroup) && !seen.ns && !seen.cgroup) seen = *s;
  if (own_pid_namespace)
    pid_namespace_ = seen.ns;
  else
    cgroup_ = seen.cgroup;
  remember(init);
  settle_pending();  // kills that came before the container's place was known
}

void KillRecords::remember(pid_t pid) {
  if (pid <= 0 || std::find(known_.begin(), known_.end(), pid) != known_.end()) return;
  if (known_.size() >= kMaxKnown) known_.pop_front();
  known_.push_back(pid);
}

void KillRecords::know(pid_t pid) {
  const std::lock_guard lock(mutex_);
  remember(pid);
  settle_pending();  // a kill in an exec whose connection came after it
}

void KillRecords::read_exits() {
  if (!exits_socket_) return;
  for (;;) {
    errno = 0;
    const auto exit = common::read_sigsys_exit(exits_socket_.get());
    if (!exit) {
      if (errno == 0 || errno == ENOBUFS) continue;  // another event; or some were lost
      return;                                        // EAGAIN: all read
    }
    if (exits_.size() >= kMaxExits) exits_.pop_front();
    exits_.push_back({sight(exit->tgid), sight(exit->parent_tgid)});
    settle_pending();  // a kill that waited for its process's exit
  }
}

KillRecords::Read KillRecords::read_one(pid_t marker) {
  // One record a message; the kernel filtered out every other type (audit_kills.cpp).
  alignas(nlmsghdr) char buf[9000];
  const ssize_t n = ::recv(audit_.get(), buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0) {
    // ENOBUFS: records came faster than they were read; the kills happened.
    if (errno != ENOBUFS) return Read::kNone;
    spdlog::warn("audit socket: records of the kernel's kills were lost (the socket's buffer was full)");
    return Read::kOther;
  }
  const auto* header = reinterpret_cast<const nlmsghdr*>(buf);
  if (static_cast<std::size_t>(n) < NLMSG_HDRLEN || header->nlmsg_type != common::kAuditSeccomp) return Read::kOther;
  const std::size_t length = std::min<std::size_t>(header->nlmsg_len, static_cast<std::size_t>(n));
  if (length < NLMSG_HDRLEN) return Read::kOther;
  const std::string_view record(buf + NLMSG_HDRLEN, length - NLMSG_HDRLEN);
  if (marker > 0 && common::seccomp_record_pid(record) == marker) return Read::kMarker;
  if (const auto kill = common::parse_seccomp_kill(record)) take(*kill);
  return Read::kOther;
}

KillRecords::Sighting KillRecords::sight(pid_t pid) {
  if (pid <= 0) return {};
  return {pid, pid_namespace_of(pid), common::read_proc_file("/proc/" + std::to_string(pid) + "/cgroup", 4096)};
}

void KillRecords::take(const common::SeccompKill& kill) {
  const Sighting seen = sight(kill.pid);
  switch (whose(seen)) {
    case Whose::kOurs: on_kill_(kill); return;
    case Whose::kOthers: return;
    case Whose::kUnknown:
      if (pending_.size() >= kMaxPending) pending_.pop_front();
      pending_.push_back({kill, seen});
  }
}

KillRecords::Whose KillRecords::whose(const Sighting& seen, bool parent, int depth) const {
  // One the runtime named: the init, an exec's process, the runtime's own
  // process whose children those are.
  if (seen.pid > 0 && std::find(known_.begin(), known_.end(), seen.pid) != known_.end()) return Whose::kOurs;
  // Where it was seen, if it was still there and the container's own place is
  // known, decides. A parent on the host may be the runtime's process of an
  // exec whose connection is not read yet.
  if (pid_namespace_ && seen.ns) {
    if (*seen.ns == *pid_namespace_) return Whose::kOurs;
    return parent && seen.ns == host_pid_namespace_ ? Whose::kUnknown : Whose::kOthers;
  }
  if (!pid_namespace_ && cgroup_ && seen.cgroup) {
    if (*seen.cgroup == *cgroup_) return Whose::kOurs;
    return parent ? Whose::kUnknown : Whose::kOthers;
  }
  // Else as its exit found it, or as its parent.
  const auto exit = std::find_if(exits_.rbegin(), exits_.rend(),
                                 [&](const Exit& e) { return seen.pid > 0 && e.process.pid == seen.pid; });
  if (exit == exits_.rend()) return Whose::kUnknown;
  if (exit->process.ns || exit->process.cgroup) {
    const Whose then = whose(Sighting{0, exit->process.ns, exit->process.cgroup}, parent, depth);
    if (then == Whose::kOurs || exit->parent.pid <= 0) return then;
  }
  if (depth >= 8 || exit->parent.pid <= 0) return Whose::kUnknown;
  return whose(exit->parent, true, depth + 1);
}

void KillRecords::settle_pending() {
  for (auto it = pending_.begin(); it != pending_.end();) {
    const Whose now = whose(it->process);
    if (now == Whose::kUnknown) {
      ++it;
      continue;
    }
    const common::SeccompKill kill = it->kill;
    it = pending_.erase(it);
    if (now == Whose::kOurs) on_kill_(kill);
  }
}

void KillRecords::flush() {
  stop();
  const std::lock_guard lock(mutex_);
  const pid_t marker = common::make_audit_marker();
  // Generous: kauditd sends a record within milliseconds of the call.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool came = marker == 0;
  while (!came) {
    read_exits();
    const Read read = read_one(marker);
    if (read == Read::kMarker) came = true;
    if (read != Read::kNone) continue;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd ready{audit_.get(), POLLIN, 0};
    if (left <= 0 || ::poll(&ready, 1, static_cast<int>(left)) <= 0) break;
  }
  // Every process is gone, so every exit has been sent: those still waiting are settled now.
  read_exits();
  while (read_one(0) != Read::kNone) {
  }
  if (!pending_.empty())
    spdlog::info(
        "{} kill(s) of the kernel's could not be placed in this container or another once their processes "
        "were gone; not counted",
        pending_.size());
  if (!came)
    spdlog::warn(
        "the kernel's audit records did not say within 5 s that all came: a kill of the last moments may not be "
        "counted (kernel.seccomp.actions_logged should have \"log\")");
}

}  // namespace shim
