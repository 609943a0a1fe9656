#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "arg_rules.hpp"
#include "caller_killer.hpp"
#include "event_log.hpp"
#include "monitor_spec.hpp"
#include "notify_session.hpp"
#include "process_info.hpp"
#include "seccomp_profile.hpp"
#include "stop_timing.hpp"
#include "syscall_tally.hpp"
#include "unique_fd.hpp"

namespace shim {

/// One container's monitor: accepts the runtime's connections on the listener
/// socket, serves every notify fd they bring, answers each notification as the
/// original profile would, counts, records events and the summary, and with
/// `stop` stops the container after the quiet period (at the latest the
/// stop-within bound after the first forbidden syscall). Runs until every notify fd
/// hung up, or until the runtime ended without ever connecting.
class Monitor {
 public:
  /// `resumed`: started in place of a monitor of the same container that died;
  /// goes on from its summary, and leaves the state dir alone if no one connects.
  Monitor(boost::asio::io_context& io, common::MonitorSpec spec, std::string state_dir, common::UniqueFd listener,
          common::UniqueFd runtime_pidfd, bool resumed = false);

  void start();

  /// Last words: the summary as it stands, and the socket removed.
  void finish();

 private:
  void accept_next();
  void take_connection(common::UniqueFd connection);
  void serve(common::UniqueFd notify_fd, const std::string& origin);
  /// Completes instance.json with the container's init, once the runtime names it.
  void record_instance(int init_pid);
  void on_hangup(NotifySession& session);
  void handle_notification(int notify_fd, common::NotifyBuffers& buffers);
  void watch_runtime();
  void arm_stop_timer();
  void stop_container();
  void schedule_summary();
  void write_summary();
  void exit_if_done();
  void resume_tally();
  const std::string& syscall_name(std::uint32_t arch, int nr);

  boost::asio::io_context& io_;
  common::MonitorSpec spec_;
  common::DenyRules rules_;
  hooks::ArgRules arg_rules_;  ///< only for the syscalls the wrapper notified for them
  std::string state_dir_;
  boost::asio::posix::stream_descriptor listener_;
  std::optional<boost::asio::posix::stream_descriptor> runtime_;
  std::list<std::unique_ptr<NotifySession>> sessions_;
  boost::asio::steady_timer stop_timer_;
  common::StopClock stop_clock_;
  boost::asio::steady_timer summary_timer_;
  common::SyscallTally tally_;
  common::EventLog events_;
  std::unordered_map<std::uint64_t, std::string> names_;  ///< (arch, nr) -> name, see syscall_name()
  common::ProcessInfoReader callers_;
  CallerKiller killer_;
  bool resumed_ = false;
  bool connected_ = false;
  bool instance_recorded_ = false;
  bool sync_wake_up_refused_ = false;  ///< said once
  bool runtime_exited_ = false;
  bool summary_pending_ = false;
  std::string state_ = "watching";
  std::string stopped_at_;
};

}  // namespace shim
