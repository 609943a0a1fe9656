// SPDX-License-Identifier: Apache-2.0
#include "monitor.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "argument_judge.hpp"
#include "describe.hpp"
#include "display_text.hpp"
#include "file_io.hpp"
#include "json_doc.hpp"
#include "linux/caller_kill.hpp"
#include "linux/proc_status.hpp"
#include "linux/process_info.hpp"
#include "linux/seccomp_notify.hpp"
#include "linux/unix_socket.hpp"
#include "monitor_rules.hpp"
#include "profile/seccomp_rewrite.hpp"
#include "runtime/runtime_log.hpp"
#include "runtime_kill.hpp"
#include "state/container_instance.hpp"
#include "state/container_summary.hpp"
#include "state/monitor_proof.hpp"
#include "state/state_files.hpp"
#include "state/state_message.hpp"
#include "state/summary_json.hpp"
#include "state/termination_message.hpp"
#include "sys_error.hpp"

namespace shim {
namespace {

namespace asio = boost::asio;

constexpr std::uint64_t kEventsPerSyscall = 100;
constexpr std::uint64_t kEventsTotal = 10000;
constexpr auto kSummaryInterval = std::chrono::seconds(1);

/// A pidfd for the thread behind a notification; nullopt when it is gone.
std::optional<common::ThreadPidfd> open_target(pid_t tid) {
  try {
    return common::open_thread_pidfd(tid);
  } catch (const std::system_error&) {
    return std::nullopt;
  }
}

/// The children of `pid` (its main thread's), as /proc tells; none when it is gone.
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  if (pid <= 0) return out;
  const auto text =
      common::read_proc_file("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children", 4096);
  if (!text) return out;
  std::size_t at = 0;
  while (at < text->size()) {
    const std::size_t end = text->find(' ', at);
    if (const auto child = common::parse_number(text->substr(at, end - at)); child && *child > 0)
      out.push_back(static_cast<pid_t>(*child));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

/// The runtime's state message; empty when it is not (all) there.
common::StateMessage state_message(const std::string& message) {
  try {
    return common::parse_state_message(message);
  } catch (const common::JsonError& e) {
    spdlog::debug("runtime state message: {}", e.what());
    return {};
  }
}

}  // namespace

Monitor::Monitor(asio::io_context& io, common::MonitorSpec spec, std::string state_dir, MonitorFds fds, bool resumed,
                 bool restarted)
    : io_(io),
      spec_(std::move(spec)),
      rules_(deny_rules_of(spec_)),
      arg_rules_(arg_rules_of(spec_)),
      state_dir_(std::move(state_dir)),
      listener_(io, fds.listener.release()),
      signals_(io, SIGTERM),
      counts_(state_dir_ + "/" + common::kCountsFile),
      stop_sessions_(::eventfd(0, EFD_CLOEXEC)),
      stop_timer_(io),
      stop_clock_(spec_.stop_after_seconds, spec_.stop_within_seconds),
      summary_timer_(io),
      events_(state_dir_ + "/" + common::kEventsFile,
              {kEventsPerSyscall, kEventsTotal, spec_.events_max_bytes, common::kMaxEventBytes}),
      resumed_(resumed),
      restarted_(restarted) {
  if (!stop_sessions_) common::throw_errno("eventfd", "for the notify sessions");
  if (fds.runtime_pidfd) runtime_.emplace(io, fds.runtime_pidfd.release());
  if (fds.control) control_.emplace(io, fds.control.release());
  if (spec_.kills_by_audit && fds.audit)
    kill_records_.emplace(std::move(fds.audit), std::move(fds.exits),
                          [this](const common::SeccompKill& kill) { on_kernel_kill(kill); });
  else if (spec_.kills_by_audit)
    spdlog::error("container {}: its kill rules stayed the kernel's, but no audit socket came: its kills are not seen",
                  spec_.container_id);
}

Monitor::~Monitor() {
  stop_sessions();
}

void Monitor::stop_sessions() {
  const std::uint64_t one = 1;
  if (!sessions_.empty() && ::write(stop_sessions_.get(), &one, sizeof one) != sizeof one)
    spdlog::error("container {}: stopping the notify sessions: {}", spec_.container_id, std::strerror(errno));
  sessions_.clear();  // waits for each thread
}

void Monitor::start() {
  common::write_file_atomically(state_dir_ + "/" + common::kWorkerPidFile, std::to_string(::getpid()) + "\n", 0644);
  spdlog::info("container {}: monitor started ({}, quiet period {} s, stopped within {} s of the first violation)",
               spec_.container_id, common::to_string(spec_.action), spec_.stop_after_seconds,
               spec_.stop_within_seconds);
  if (resumed_ || restarted_) resume_tally();
  if (kill_records_) {
    // A worker started again knows the container's init from its record.
    if (const auto instance = common::read_container_instance(state_dir_); instance && instance->pid > 0)
      kill_records_->set_init(instance->pid, !spec_.kill_all);
    kill_records_->start();
  }
  const std::lock_guard lock(mutex_);
  write_summary();
  handle_sigterm();
  if (control_)
    read_control();
  else
    accept_next();
  watch_runtime();
  // A worker before was stopped or killed with violations counted: the stop still comes.
  if (restarted_ && tally_.violations() > 0 && spec_.action == common::WitnessAction::kStop &&
      state_ == common::ContainerState::kWatching)
    note_violation();
}

void Monitor::resume_tally() {
  try {
    const common::ContainerSummary summary = common::load_container_summary(state_dir_);
    tally_.resume(common::tally_records(summary));
    if (summary.state == common::ContainerState::kStopped) state_ = summary.state;
    // stop-within counts from the first violation, not from this worker's start.
    const auto now = std::chrono::system_clock::now();
    auto first = now;
    for (const common::SyscallRecord& r : tally_.records())
      if (r.violations > 0) first = std::min(first, r.first_seen);
    if (first < now) stop_clock_.first_violation_at(common::StopClock::Clock::now() - (now - first));
  } catch (const std::exception& e) {
    spdlog::error("container {}: started again; its summary is lost: {}", spec_.container_id, e.what());
  }
  // The exact counts: every call answered before the last worker ended.
  for (const common::SharedCount& c : counts_.counts())
    tally_.adopt(syscall_name(c.arch, c.nr), c.count, c.violations, c.verdict, c.klass);
  // A notification the worker before had in hand; a monitor after a dead one
  // numbers its fds anew, and the old one's are gone anyway.
  if (restarted_)
    in_flight_ = counts_.in_flight();
  else
    counts_.end_all();
  if (restarted_)
    spdlog::warn("container {}: worker started again, going on from {} forbidden syscall(s)", spec_.container_id,
                 tally_.total());
  else
    spdlog::warn(
        "container {}: started again after its monitor died, going on from {} forbidden syscall(s); "
        "the container's own denied syscalls fail with ENOSYS from then on, those of new execs are watched",
        spec_.container_id, tally_.total());
}

void Monitor::accept_next() {
  listener_.async_wait(asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
    if (ec) return;
    try {
      take_connection(common::accept_unix(listener_.native_handle()));
    } catch (const std::exception& e) {
      spdlog::warn("container {}: connection: {}", spec_.container_id, e.what());
    }
    accept_next();
  });
}

void Monitor::take_connection(common::UniqueFd connection) {
  const common::PeerCredentials peer = common::peer_credentials(connection.get());
  if (peer.uid != 0) {
    spdlog::warn("container {}: refused a connection from uid {} (pid {}): only root may hand over notify fds",
                 spec_.container_id, peer.uid, peer.pid);
    return;
  }
  common::ReceivedMessage message =
      common::receive_with_fds(connection.get(), common::kMaxStateMessage, common::kMaxFdsPerMessage);
  const common::StateMessage state = state_message(message.data);
  if (state.fds.size() != message.fds.size())
    spdlog::warn("container {}: the runtime announced {} fd(s) and sent {}", spec_.container_id, state.fds.size(),
                 message.fds.size());
  // Serve at once, before anything else: the container is blocked in its first
  // notified syscall until we do. Only real notify fds are served.
  for (auto& fd : message.fds) (void)serve(std::move(fd), "pid " + std::to_string(peer.pid), kNoSlot);
  note_state(state, peer.pid);
}

void Monitor::note_state(const common::StateMessage& state, pid_t peer) {
  record_instance(state.init_pid);
  // The process the state names (the container's init, or an exec's process),
  // and the runtime's process that connected, whose children an exec's are (crun).
  if (kill_records_) {
    kill_records_->know(state.pid);
    kill_records_->know(peer);
    // crun's exec process is a child of the one that connected, there already.
    for (const pid_t child : children_of(peer)) kill_records_->know(child);
  }
}

void Monitor::record_instance(int init_pid) {
  if (instance_recorded_ || init_pid <= 0) return;
  instance_recorded_ = true;
  // The wrapper wrote the runtime root; the init process makes it this instance.
  common::ContainerInstance instance =
      common::read_container_instance(state_dir_).value_or(common::ContainerInstance{});
  if (instance.pid != 0) return;  // resumed: the first monitor recorded it
  if (kill_records_) kill_records_->set_init(init_pid, !spec_.kill_all);
  const auto start = common::process_start_time(init_pid);
  if (!start) return;
  instance.pid = init_pid;
  instance.start_time = *start;
  try {
    common::write_container_instance(state_dir_, instance);
  } catch (const std::exception& e) {
    spdlog::error("container {}: instance record: {}", spec_.container_id, e.what());
  }
}

bool Monitor::serve(common::UniqueFd notify_fd, const std::string& origin, std::uint32_t slot) {
  if (!common::is_seccomp_notify_fd(notify_fd.get())) {
    spdlog::warn("container {}: {} sent an fd that is not a seccomp notify fd; closed", spec_.container_id, origin);
    return false;
  }
  connected_ = true;
  // Each denied call waits for our answer: have the kernel keep the round trip on one CPU.
  if (const int err = common::set_sync_wake_up(notify_fd.get()); err != 0 && !sync_wake_up_refused_) {
    sync_wake_up_refused_ = true;
    spdlog::info(
        "container {}: no synchronous wake-up of the listener ({}; Linux 6.6 has it): denied calls take longer",
        spec_.container_id, std::strerror(err));
  }
  // The worker before was killed with a notification of this fd in hand: answer it.
  for (auto in = in_flight_.begin(); in != in_flight_.end() && slot != kNoSlot;) {
    if (in->slot != slot) {
      ++in;
      continue;
    }
    const std::lock_guard lock(mutex_);
    if (common::notification_valid(notify_fd.get(), in->notification.id)) {
      common::NotifyBuffers buffers;
      answer(notify_fd.get(), buffers, in->notification, in->counted, in->record);
    }
    counts_.end(in->record);
    in = in_flight_.erase(in);
  }
  // Where the kernel writes this fd's notifications, so that they outlive a kill.
  const int record = slot != kNoSlot ? counts_.claim() : common::SharedCounts::kNoRecord;
  auto session = std::make_unique<NotifySession>(
      std::move(notify_fd), stop_sessions_.get(), origin,
      [this, slot, record](int fd, common::NotifyBuffers& buffers) { handle_notification(fd, buffers, slot, record); },
      [this, slot, record](NotifySession& s) { on_hangup(s, slot, record); });
  NotifySession& started = *session;
  sessions_.push_back(std::move(session));
  started.start();
  write_notify_fd_count();
  spdlog::info("container {}: serving notifications from {} ({} fd(s) in all)", spec_.container_id, started.origin(),
               sessions_.size());
  return true;
}

void Monitor::on_hangup(NotifySession& session, std::uint32_t slot, int record) {
  spdlog::info("container {}: notify fd from {} hung up", spec_.container_id, session.origin());
  // Destroy the session on the event loop's thread, which waits for this one.
  asio::post(io_, [this, slot, record, target = &session] {
    release(slot);
    counts_.release(record);
    sessions_.remove_if([&](const auto& s) { return s.get() == target; });
    write_notify_fd_count();
    exit_if_done();
  });
}

void Monitor::handle_notification(int notify_fd, common::NotifyBuffers& buffers, std::uint32_t slot, int record) {
  // The kernel writes it where the next worker finds it, should this one be
  // killed before it answers: once received, no one else could get it again.
  // The record is this thread's own: no lock until the answer.
  const auto notification = buffers.receive(notify_fd, counts_.landing(record, slot, buffers.request_size()));
  if (!notification) {
    counts_.end(record);
    return;
  }
  counts_.begin(record, slot, *notification);
  const std::lock_guard lock(mutex_);
  answer(notify_fd, buffers, *notification, false, record);
  counts_.end(record);
}

void Monitor::answer(int notify_fd, common::NotifyBuffers& buffers, const common::Notification& notification,
                     bool counted, int record) {
  const std::string& name = syscall_name(notification.arch, notification.nr);
  // No denying rule holds: the call fell to the default action (coverage mode
  // notifies what the profile does not name).
  const hooks::Caller call(notify_fd, notification);
  auto verdict = rules_.verdict(name, notification.args);
  std::string refused;
  if (!verdict && arg_rules_.judges(name)) {
    Judgement judged = judge_arguments(arg_rules_, name, call, buffers, notify_fd);
    if (!judged.verdict) return;  // allowed, and answered
    verdict = judged.verdict;
    refused = std::move(judged.refused);
  }
  // Where the profile allows the call (under its conditions, or an anchor under an
  // allowing default), it goes on: decided from the registers the kernel's filter
  // would have read, and nothing of it is counted.
  if (!verdict &&
      (rules_.allows(name, notification.args) || (common::is_anchor_syscall(name) && !rules_.default_verdict()))) {
    buffers.respond_continue(notify_fd, notification.id);
    return;
  }
  if (!verdict) verdict = rules_.default_verdict();
  if (!verdict) {
    // Nothing of the original profile denies it; keep the container's view sane anyway.
    spdlog::warn("container {}: no original rule explains {}; answering EPERM", spec_.container_id, name);
    verdict = common::Verdict{common::Verdict::Kind::kErrno, EPERM};
  }
  // Read while the caller waits for us (hooks check that themselves).
  std::string detail = hooks::describe_call(name, call);
  if (!refused.empty()) {
    detail += " not carried out: " + refused;
    say_not_carried_out(name, notification.pid, refused);
  }
  const auto tid = static_cast<pid_t>(notification.pid);
  bool opened_afresh = false;
  const common::ProcessInfo* caller = &callers_.read(tid, opened_afresh);
  const bool kill = verdict->kind != common::Verdict::Kind::kErrno;
  // Opened before the validity check: the signal can only reach the caller.
  const auto target = kill ? open_target(tid) : std::nullopt;
  const auto thread = kill ? common::read_thread_status(tid) : std::nullopt;
  // A caller read through a kept descriptor is proven (see ProcessInfoReader);
  // one read by its number only once the id check shows the pid was not reused.
  const bool valid = (!opened_afresh && !kill) || common::notification_valid(notify_fd, notification.id);
  const common::ProcessInfo gone{tid, "", ""};
  if (!valid) caller = &gone;
  const common::CallClass klass = spec_.stop_policy.classify(name, *verdict);
  // Counted before it is answered: a worker killed in between loses nothing.
  if (!counted) counts_.add(notification.arch, notification.nr, *verdict, klass);
  counts_.mark_counted(record);
  if (kill && valid) {
    // The signal first: whether it wakes the caller or our answer does, it is
    // pending before the caller could run one more instruction of its own.
    const auto sent = killer_.end(tid, target, thread);
    if (sent == common::KillSignal::kSigkill)
      spdlog::info("container {}: pid {} ended by SIGKILL, not SIGSYS (see \"Kill rules\" in seccomp-witness(8))",
                   spec_.container_id, tid);
  }
  buffers.respond_errno(notify_fd, notification.id, kill ? EPERM : verdict->errno_value);

  // The rest is ours only: the caller runs on.
  record_call(name, *verdict, klass, *caller, detail, common::argument_key(name, notification.arch, notification.args),
              counted);
}

void Monitor::record_call(const std::string& name, const common::Verdict& verdict, common::CallClass klass,
                          const common::ProcessInfo& caller, const std::string& detail, const common::ArgumentKey& key,
                          bool counted) {
  const auto now = std::chrono::system_clock::now();
  if (!counted) tally_.record(name, verdict, klass, caller, now, detail, key);
  events_.append_lazily(name, [&] { return common::event_json(spec_, name, verdict, klass, caller, now, detail); });
  schedule_summary();
  // Probes (the profile says "no such syscall", and programs fall back) and the
  // operator's ignored syscalls neither arm nor extend the stop.
  if (klass == common::CallClass::kViolation && spec_.action == common::WitnessAction::kStop &&
      state_ == common::ContainerState::kWatching)
    note_violation();
}

void Monitor::on_kernel_kill(const common::SeccompKill& kill) {
  // On the kill records' thread.
  const std::lock_guard lock(mutex_);
  const std::string& name = syscall_name(kill.arch, kill.syscall);
  const common::Verdict verdict{
      kill.whole_process ? common::Verdict::Kind::kKillProcess : common::Verdict::Kind::kKillThread, 0};
  const common::ProcessInfo caller{kill.pid, common::display_text(kill.comm, common::kMaxCallerBytes),
                                   common::display_text(kill.exe, common::kMaxCallerBytes)};
  const common::CallClass klass = spec_.stop_policy.classify(name, verdict);
  counts_.add(kill.arch, kill.syscall, verdict, klass);
  record_call(name, verdict, klass, caller, "ended by the kernel", {}, false);
  spdlog::info("container {}: the kernel ended pid {} ({}) for {}", spec_.container_id, kill.pid, caller.comm, name);
}

void Monitor::say_not_carried_out(const std::string& name, std::uint32_t pid, const std::string& why) {
  if (said_not_carried_out_) return;
  said_not_carried_out_ = true;
  const std::string message = "container " + spec_.container_id + ": " + name + " of pid " + std::to_string(pid) +
                              " was allowed by the argument rules but not carried out (" + why +
                              "); it is answered with the rule's errno, as are all such calls of this container";
  spdlog::warn("{}", message);
  common::note_in_runtime_log(spec_.runtime_args, message);
}

void Monitor::write_notify_fd_count() {
  try {
    common::write_file_atomically(state_dir_ + "/" + common::kNotifyFdsFile, std::to_string(sessions_.size()) + "\n",
                                  0644);
  } catch (const std::exception& e) {
    spdlog::error("container {}: {}", spec_.container_id, e.what());
  }
}

void Monitor::remove_pid_files() {
  // A pid file outlives its process only to name whichever takes its pid next.
  // The supervisor takes its own; without one (it died), the worker takes both.
  std::error_code ignored;
  if (common::read_pid_file(state_dir_ + "/" + common::kWorkerPidFile) == ::getpid())
    std::filesystem::remove(state_dir_ + "/" + common::kWorkerPidFile, ignored);
  const pid_t supervisor = common::read_pid_file(state_dir_ + "/" + common::kMonitorPidFile);
  if (!control_ && supervisor > 0 && !common::holds_flock(supervisor, state_dir_ + "/" + common::kMonitorLockFile))
    std::filesystem::remove(state_dir_ + "/" + common::kMonitorPidFile, ignored);
  std::filesystem::remove(state_dir_ + "/" + common::kNotifyFdsFile, ignored);
}

const std::string& Monitor::syscall_name(std::uint32_t arch, int nr) {
  // libseccomp searches its table and allocates for every lookup; a container
  // uses few distinct syscalls, so each is looked up once.
  const std::uint64_t key = (static_cast<std::uint64_t>(arch) << 32) | static_cast<std::uint32_t>(nr);
  auto it = names_.find(key);
  if (it == names_.end()) it = names_.emplace(key, common::syscall_name(arch, nr)).first;
  return it->second;
}

void Monitor::watch_runtime() {
  if (!runtime_) return;
  runtime_->async_wait(asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
    if (ec) return;
    runtime_exited_ = true;
    runtime_->close();
    exit_if_done();
  });
}

void Monitor::note_violation() {
  // Per call only a clock read: the timer is armed once, and moved when it fires.
  stop_deadline_ = stop_clock_.violation(common::StopClock::Clock::now());
  if (stop_armed_) return;
  stop_armed_ = true;
  asio::post(io_, [this] { wait_for_stop(); });
}

void Monitor::wait_for_stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_timer_.expires_at(stop_deadline_);
  }
  stop_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    bool moved = false;
    {
      const std::lock_guard lock(mutex_);
      if (state_ != common::ContainerState::kWatching) return;
      moved = common::StopClock::Clock::now() < stop_deadline_;
    }
    if (moved)
      wait_for_stop();  // violations came since it was armed
    else
      stop_container();
  });
}

void Monitor::stop_container() {
  std::unique_lock lock(mutex_);
  spdlog::warn("container {}: stopping it: {}", spec_.container_id, tally_.message());
  // The message first: kubelet reads it once the container has exited.
  write_termination_message();
  state_ = common::ContainerState::kStopped;
  stopped_at_ = common::format_time(std::chrono::system_clock::now());
  write_summary();
  lock.unlock();  // callers go on being answered while the runtime kills
  const KillResult result = kill_container(spec_);
  if (result.exit_code != 0)
    spdlog::error("container {}: {} kill failed ({}): {}", spec_.container_id, spec_.runtime, result.exit_code,
                  result.output);
}

void Monitor::write_termination_message() {
  if (spec_.termination_log.empty()) {
    spdlog::info("container {}: no termination message file is mounted; the message stays in the summary",
                 spec_.container_id);
    return;
  }
  try {
    common::append_termination_message(spec_.termination_log, tally_.message());
  } catch (const std::exception& e) {
    spdlog::error("container {}: termination message: {}", spec_.container_id, e.what());
  }
}

void Monitor::schedule_summary() {
  if (summary_pending_) return;
  summary_pending_ = true;
  asio::post(io_, [this] {
    summary_timer_.expires_after(kSummaryInterval);
    summary_timer_.async_wait([this](const boost::system::error_code& ec) {
      const std::lock_guard lock(mutex_);
      summary_pending_ = false;
      if (!ec) write_summary();
    });
  });
}

void Monitor::write_summary() {
  try {
    common::write_file_atomically(state_dir_ + "/" + common::kSummaryFile,
                                  common::summary_json(spec_, tally_, state_, stopped_at_, events_.suppressed()), 0644);
  } catch (const std::exception& e) {
    spdlog::error("container {}: summary: {}", spec_.container_id, e.what());
  }
}

void Monitor::exit_if_done() {
  const bool all_hung_up = connected_ && sessions_.empty();
  const bool never_came = !connected_ && runtime_exited_;
  if (!all_hung_up && !never_came) return;
  if (never_came && control_) {
    // The runtime may have connected just before it exited.
    sync_with_supervisor();
    // crun connects at create and sends the notify fd at start: wait for it.
    if (connected_ || waiting_connections_ > 0) return;
    spdlog::info("container {}: the runtime ended without handing over a notify fd", spec_.container_id);
  } else if (never_came) {
    listener_.non_blocking(true);
    try {
      take_connection(common::accept_unix(listener_.native_handle()));
    } catch (const std::exception&) {
    }
    if (connected_) return;
    spdlog::info("container {}: the runtime ended without handing over a notify fd", spec_.container_id);
  }
  // Every process of the container is gone: the kernel's records of their kills
  // may still be on their way.
  if (kill_records_) kill_records_->flush();
  io_.stop();
}

void Monitor::finish() {
  stop_sessions();
  const std::lock_guard lock(mutex_);
  if (handed_over_) {
    // The next worker (or the next program, on an upgrade) goes on from here.
    stop_timer_.cancel();
    summary_timer_.cancel();
    write_summary();
    spdlog::info("container {}: worker stops on request: {} forbidden syscall(s) seen", spec_.container_id,
                 tally_.total());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove(spec_.socket, ignored);
  remove_pid_files();
  if (!connected_ && resumed_) return;  // the exec failed; what the dead monitor left stays
  if (!connected_) {
    // Nothing was ever watched (the runtime's create failed): leave nothing behind.
    std::filesystem::remove_all(state_dir_, ignored);
    return;
  }
  // Its violations ended it (a kill rule, which stays the kernel's, ended its
  // init) before the quiet period did: kubelet reads why all the same.
  const bool killed = std::any_of(tally_.records().begin(), tally_.records().end(), [](const auto& r) {
    return r.violations > 0 && r.verdict.kind != common::Verdict::Kind::kErrno;
  });
  if (state_ == common::ContainerState::kWatching && !resumed_ && spec_.action == common::WitnessAction::kStop &&
      killed)
    write_termination_message();
  // A monitor started again saw only execs end; the container may run on unwatched.
  if (state_ == common::ContainerState::kWatching)
    state_ = resumed_ ? common::ContainerState::kLost : common::ContainerState::kExited;
  stop_timer_.cancel();
  summary_timer_.cancel();
  write_summary();
  spdlog::info("container {}: monitor exits: {} forbidden syscall(s) seen", spec_.container_id, tally_.total());
}

}  // namespace shim
