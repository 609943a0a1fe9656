// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "arg_rules.hpp"
#include "caller_killer.hpp"
#include "control_channel.hpp"
#include "kill_records.hpp"
#include "linux/process_info.hpp"
#include "notify_session.hpp"
#include "profile/seccomp_profile.hpp"
#include "state/container_state.hpp"
#include "state/event_log.hpp"
#include "state/monitor_spec.hpp"
#include "state/shared_counts.hpp"
#include "state/state_message.hpp"
#include "state/syscall_tally.hpp"
#include "stop_timing.hpp"
#include "unique_fd.hpp"

namespace shim {

/// A notify fd that the monitor took itself, without a supervisor's number.
inline constexpr std::uint32_t kNoSlot = UINT32_MAX;

/// What a monitor gets from its supervisor: the control channel (notify fds
/// come over it), the listener (taken over should the supervisor die), the
/// runtime's pidfd. Without a control channel the monitor takes connections on
/// the listener itself.
struct MonitorFds {
  common::UniqueFd control;
  common::UniqueFd listener;
  common::UniqueFd runtime_pidfd;
  common::UniqueFd audit;  ///< the kernel's kill records (audit_kills.hpp), where kill rules stay its own
  common::UniqueFd exits;  ///< the proc connector's SIGSYS exits, to match a reaped child by its parent
};

/// One container's monitor (the supervisor's worker): serves every notify fd it
/// is given, answers each notification as the original profile would, counts
/// (in the shared counts first, see shared_counts.hpp), records events and the
/// summary, and with `stop` stops the container after the quiet period (at the
/// latest the stop-within bound after the first forbidden syscall). Runs until
/// every notify fd hung up, until the runtime ended without ever connecting, or
/// until SIGTERM (handed_over()).
///
/// Each notify fd is served on a thread of its own (NotifySession); what they
/// share (counts, records, the stop) is behind `mutex_`, and the event loop's
/// thread does the rest: connections, the control channel, timers, the summary.
class Monitor {
 public:
  /// `resumed`: started in place of a monitor that died; leaves the state dir
  /// alone if no one connects. `restarted`: a worker after another of the same
  /// supervisor; goes on from what it counted.
  Monitor(boost::asio::io_context& io, common::MonitorSpec spec, std::string state_dir, MonitorFds fds,
          bool resumed = false, bool restarted = false);

  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  void start();

  /// Last words: the sessions stopped, the summary as it stands, and the socket removed.
  void finish();

  /// True when it stopped on SIGTERM, for the next worker to go on.
  [[nodiscard]] bool handed_over() const { return handed_over_; }

 private:
  void accept_next();
  void take_connection(common::UniqueFd connection);
  /// Serves `notify_fd` as the notify fd of `slot`; false (logged, closed) when it is none.
  bool serve(common::UniqueFd notify_fd, const std::string& origin, std::uint32_t slot);
  /// Completes instance.json with the container's init, once the runtime names it.
  void record_instance(int init_pid);
  /// What a runtime's state message tells: the init, and the process it came from.
  void note_state(const common::StateMessage& state, pid_t peer);
  void on_hangup(NotifySession& session, std::uint32_t slot, int record);
  /// On the session's thread: receives one notification into the shared record, then answers it.
  void handle_notification(int notify_fd, common::NotifyBuffers& buffers, std::uint32_t slot, int record);
  /// Answers and counts one notification (under mutex_); `counted`: a worker before counted it.
  void answer(int notify_fd, common::NotifyBuffers& buffers, const common::Notification& notification, bool counted,
              int record);
  /// Ends every session's thread; what they had not received stays in the kernel.
  void stop_sessions();
  void watch_runtime();
  /// Under mutex_, on any thread: a violation moves the stop (see StopClock).
  void note_violation();
  /// The event loop's: the stop timer, re-armed only when it fires early.
  void wait_for_stop();
  void stop_container();
  /// Under mutex_: appends the message to the termination message file, if one is mounted.
  void write_termination_message();
  /// Under mutex_, on any thread.
  void schedule_summary();
  /// Under mutex_.
  void write_summary();
  void exit_if_done();
  void resume_tally();
  const std::string& syscall_name(std::uint32_t arch, int nr);
  /// Once per container (monitor.log and the runtime's log): a call the rules
  /// allowed was answered with an errno, as it could not be carried out.
  void say_not_carried_out(const std::string& name, std::uint32_t pid, const std::string& why);
  /// At the end: worker.pid, and monitor.pid too when the supervisor is gone.
  void remove_pid_files();
  /// On the event loop: a kill the kernel's seccomp made in this container.
  void on_kernel_kill(const common::SeccompKill& kill);
  /// Under mutex_: counts and records a denied call that was answered (or, for a
  /// kernel's kill, ended its caller), and moves the stop.
  void record_call(const std::string& name, const common::Verdict& verdict, common::CallClass klass,
                   const common::ProcessInfo& caller, const std::string& detail, const common::ArgumentKey& key,
                   bool counted);
  /// notify-fds: how many notify fds are served, for the wrapper's limits.
  void write_notify_fd_count();

  // monitor_channel.cpp: the supervisor's side of things.
  void read_control();
  void on_control(const ControlMessage& message, int* fds, int count);
  void release(std::uint32_t slot);
  /// Waits until the supervisor handed over every connection it had (bounded).
  void sync_with_supervisor();
  void supervisor_gone();
  void handle_sigterm();

  boost::asio::io_context& io_;
  /// What the sessions' threads and the event loop share: everything from
  /// counts_ on below, but sessions_, which only the event loop touches.
  std::mutex mutex_;
  common::MonitorSpec spec_;
  common::DenyRules rules_;
  hooks::ArgRules arg_rules_;  ///< only for the syscalls the wrapper notified for them
  std::string state_dir_;
  boost::asio::posix::stream_descriptor listener_;
  std::optional<boost::asio::posix::stream_descriptor> control_;
  boost::asio::signal_set signals_;
  common::SharedCounts counts_;
  std::vector<common::InFlight> in_flight_;  ///< of the worker before, until their fds come
  std::optional<boost::asio::posix::stream_descriptor> runtime_;
  common::UniqueFd stop_sessions_;  ///< eventfd: readable once the sessions are to end
  std::list<std::unique_ptr<NotifySession>> sessions_;
  boost::asio::steady_timer stop_timer_;
  common::StopClock stop_clock_;
  common::StopClock::Clock::time_point stop_deadline_;
  bool stop_armed_ = false;
  boost::asio::steady_timer summary_timer_;
  common::SyscallTally tally_;
  common::EventLog events_;
  std::unordered_map<std::uint64_t, std::string> names_;  ///< (arch, nr) -> name, see syscall_name()
  common::ProcessInfoReader callers_;
  CallerKiller killer_;
  std::optional<KillRecords> kill_records_;  ///< where kill rules stay the kernel's
  bool resumed_ = false;
  bool restarted_ = false;
  bool handed_over_ = false;
  bool sync_replied_ = false;
  bool in_sync_ = false;
  std::uint32_t waiting_connections_ = 0;  ///< at the supervisor, their message not yet come
  bool connected_ = false;
  bool instance_recorded_ = false;
  bool sync_wake_up_refused_ = false;  ///< said once
  bool said_not_carried_out_ = false;
  bool runtime_exited_ = false;
  bool summary_pending_ = false;
  common::ContainerState state_ = common::ContainerState::kWatching;
  std::string stopped_at_;
};

}  // namespace shim
