// SPDX-License-Identifier: Apache-2.0
// Nothing a container or a pod's author writes reaches the node, the operator's
// terminal or the operator's profiles: each attack of an attacker who owns a pod,
// with real runc and crun. The names and paths a container chooses end no YAML
// comment and steer no terminal; a carry-out never reads the monitor's memory nor
// lets the kernel read a judged value again; what is recorded is bounded in bytes
// and never hides a container; a signal goes only to the monitor it means; the
// termination message is written only to a regular file; the threads a container
// makes the monitor start are bounded, and an exec beyond is refused, not left
// without answers.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "display_text.hpp"
#include "fixture.hpp"
#include "json_doc.hpp"
#include "wrapper_env.hpp"

namespace itest {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kDenyChroot = R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
  "syscalls":[{"names":["chroot"],"action":"SCMP_ACT_ERRNO","errnoRet":13}]})";

class Hostile : public PerRuntimeTest {
 protected:
  /// Runs the bundle opted in with `log` through the wrapper, with its runtime log.
  CommandResult watched(Bundle& bundle, const std::string& id, const std::string& action = "log") {
    bundle.set_annotation("seccomp-witness.io/action", action);
    bundle.save();
    return run(env_path("WRAPPER"), args({"--log", log(), "run", "-b", bundle.path(), id}), wrapper_.env(), 120s);
  }

  CommandResult ctl(std::vector<std::string> rest) const {
    rest.insert(rest.begin(), {"--state-dir", wrapper_.state_root()});
    return run(env_path("CTL"), rest, wrapper_.env());
  }

  void rules_file(const std::string& rules) {
    const std::string path = files_.path() + "/rules.json";
    std::ofstream(path) << rules;
    wrapper_.configure("rules_file = \"" + path + "\"");
  }

  [[nodiscard]] std::string log() const { return files_.path() + "/runtime.log"; }
  [[nodiscard]] std::string runtime_log() const { return read_if_exists(log()); }

  ScratchDir files_;
};

/// Every line is text a terminal shows as it is: no ESC, no C1 control, no
/// separator or bidi override, valid UTF-8.
void expect_terminal_safe(const std::string& output) {
  std::size_t start = 0;
  for (std::size_t end; (end = output.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string line = output.substr(start, end - start);
    EXPECT_TRUE(common::is_display_safe(line)) << common::display_text(line);
  }
}

// 1. A program named to end a YAML comment (U+2028) and to hold a rule.
TEST_P(Hostile, ACallerNamedToEndAYamlCommentAddsNoRule) {
  // printf's octal escapes: U+2028 is \342\200\250; \377 is no UTF-8, \033 is ESC.
  const std::string sep = "\\342\\200\\250";
  const std::string injected = "/bin/busybox-x" + sep + "  - action: SCMP_ACT_ALLOW" + sep +
                               "    names: [kexec_load, init_module]" + sep + "  # ";
  const std::string hostile = "P=$(printf '" + injected + "'); busybox cp /bin/busybox \"$P\"; \"$P\" chroot /tmp; " +
                              "Q=$(printf '/bin/busybox\\377\\033[2J\\302\\205'); busybox cp /bin/busybox \"$Q\"; " +
                              "\"$Q\" chroot /tmp; true";
  const auto profile = [](Bundle& bundle) {
    bundle.set_seccomp(resolved_profile("CONTAINERS_COMMON_PROFILE", bundle));
  };
  Bundle evil;
  profile(evil);
  evil.set_args({"sh", "-c", hostile});
  ASSERT_EQ(watched(evil, "evil").exit_code, 0);
  Bundle plain;
  profile(plain);
  plain.set_args({"sh", "-c", "chroot /tmp; true"});
  ASSERT_EQ(watched(plain, "plain").exit_code, 0);
  ASSERT_EQ(wrapper_.final_summary("evil")["total"].GetUint64(), 2u);

  for (const char* id : {"evil", "plain"}) {
    const CommandResult r = ctl({"suggest", id, "--format", "spo", "--name", "web", "-o", files_.path() + "/" + id});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_terminal_safe(r.err);
  }
  // As kubectl's and PyYAML's parsers read it: the same rules as for a plain
  // name, each a mapping, and the callers only in quoted, escaped strings.
  const CommandResult same = run("/usr/bin/python3", {"-c", R"(
import sys, yaml
evil, plain = (yaml.safe_load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
assert evil["spec"] == plain["spec"], (evil["spec"], plain["spec"])
assert all(isinstance(rule, dict) for rule in evil["spec"]["syscalls"])
allowed = [n for r in evil["spec"]["syscalls"] if r["action"] == "SCMP_ACT_ALLOW" for n in r.get("names", [])]
assert "kexec_load" not in allowed and "init_module" not in allowed, allowed
text = open(sys.argv[1], encoding="utf-8").read()
assert "\u2028" not in text and "\x1b" not in text and "\x85" not in text
callers = " ".join(v for k, v in evil["metadata"]["annotations"].items() if k.startswith("seccomp-witness.io/rule-"))
assert "busybox-x\\u2028  - action: SCMP_ACT_ALLOW" in callers, callers
print("same")
)",
                                                      files_.path() + "/evil", files_.path() + "/plain"});
  EXPECT_EQ(same.out, "same\n") << same.err;
  const CommandResult fields = run("/usr/bin/python3", {env_path("SPO_CHECK"), files_.path() + "/evil"});
  EXPECT_EQ(fields.exit_code, 0) << fields.out << fields.err;

  // The terminal: list, show and events show the names escaped.
  for (const auto& command : std::vector<std::vector<std::string>>{{"list"}, {"show", "evil"}, {"events", "evil"}}) {
    const CommandResult r = ctl(command);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    expect_terminal_safe(r.out);
    expect_terminal_safe(r.err);
  }
  EXPECT_NE(ctl({"show", "evil"}).out.find("busybox\\xff\\x1b[2J\\u0085"), std::string::npos);
}

// 2. Carry-out only of options whose value is plain: SO_ATTACH_FILTER's value
// holds a pointer, which a carried-out call would follow in the monitor's memory.
TEST_P(Hostile, CarryOutRulesOnlyForPlainValues) {
  rules_file(R"([
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
     "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_ATTACH_FILTER","op":"SCMP_CMP_EQ"}],
     "optval":{"op":"SCMP_CMP_EQ","value":0}},
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","optval":{"op":"SCMP_CMP_GT","value":100}},
    {"names":["setsockopt"],"action":"SCMP_ACT_ERRNO",
     "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
     "optval":{"op":"SCMP_CMP_GT","value":6}}])");
  // SO_ATTACH_FILTER (26) with 4 bytes where a struct sock_fprog belongs, and
  // SO_PRIORITY 7, which the rule that is left denies.
  const std::string script = "probe sockopt 1 26 5; probe sockopt 1 12 7";
  Bundle alone;
  alone.set_seccomp(kDenyChroot);
  alone.set_args({"sh", "-c", script});
  alone.save();
  const CommandResult plain = run(runtime_, args({"run", "-b", alone.path(), "filter-plain"}));
  Bundle bundle;
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c", script});
  const CommandResult r = watched(bundle, "filter");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string attach = plain.out.substr(0, plain.out.find('\n') + 1);
  EXPECT_EQ(r.out, attach + "setsockopt = -1 errno=1 (EPERM) getsockopt=0\n") << runtime_log();
  const std::string log = runtime_log();
  EXPECT_NE(log.find("rule 0 of " + files_.path() + "/rules.json left out: level 1 option 26 is not a plain-value"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("rule 1 of " + files_.path() + "/rules.json left out: it judges an option value without naming"),
            std::string::npos)
      << log;
}

// 3. A value judged from the caller's memory is never read again by the kernel:
// a second thread flips SO_PRIORITY between 4 and 5 while the first sets it, and
// the rule denies 5.
TEST_P(Hostile, AJudgedValueIsNeverReadAgain) {
  rules_file(R"([{"names":["setsockopt"],"action":"SCMP_ACT_ERRNO","errnoRet":13,
    "args":[{"index":1,"value":"SOL_SOCKET","op":"SCMP_CMP_EQ"},{"index":2,"value":"SO_PRIORITY","op":"SCMP_CMP_EQ"}],
    "optval":{"op":"SCMP_CMP_EQ","value":5}}])");
  for (const bool own_user_namespace : {false, true}) {
    SCOPED_TRACE(own_user_namespace ? "from a user namespace without a map" : "in the container's namespaces");
    const std::string id = own_user_namespace ? "race-userns" : "race";
    Bundle bundle;
    bundle.set_seccomp(kDenyChroot);
    if (own_user_namespace)
      bundle.set_args({"probe", "sockopt-race", "--unshare-user", "2000", "4", "5"});
    else
      bundle.set_args({"probe", "sockopt-race", "2000", "4", "5"});
    const CommandResult r = watched(bundle, id);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(" set_b=0\n"), std::string::npos) << "5 was set: " << r.out;
    if (!own_user_namespace) {
      EXPECT_EQ(r.out.find("ok=0 "), std::string::npos) << "4 is carried out: " << r.out;
      continue;
    }
    // Not carried out where the monitor cannot take the caller's place: the
    // rule's errno, said once in the runtime's log and in the record.
    EXPECT_EQ(r.out, "ok=0 failed=2000 set_b=0\n");
    const std::string log = runtime_log();
    const std::string said = "was allowed by the argument rules but not carried out";
    ASSERT_NE(log.find(said), std::string::npos) << log;
    EXPECT_EQ(log.find(said, log.find(said) + 1), std::string::npos) << "said once: " << log;
    const auto summary = wrapper_.final_summary(id);
    EXPECT_EQ(summary["total"].GetUint64(), 2000u);
    EXPECT_NE(common::to_json(summary["syscalls"][0]["details"]).find("not carried out"), std::string::npos)
        << common::to_json(summary);
  }
}

// 4. Eight programs under 3.4 KB paths of \x01 bytes, each making 20 calls to
// each of 72 denied syscalls: what is recorded stays within its bounds, and
// the container stays in every list.
TEST_P(Hostile, WhatIsRecordedIsBoundedInBytes) {
  const std::vector<std::string> denied = {"acct",
                                           "add_key",
                                           "adjtimex",
                                           "bpf",
                                           "chroot",
                                           "clock_adjtime",
                                           "clock_settime",
                                           "create_module",
                                           "delete_module",
                                           "fanotify_init",
                                           "finit_module",
                                           "fsconfig",
                                           "fsmount",
                                           "fsopen",
                                           "fspick",
                                           "get_kernel_syms",
                                           "get_mempolicy",
                                           "init_module",
                                           "io_cancel",
                                           "io_destroy",
                                           "io_getevents",
                                           "io_setup",
                                           "io_submit",
                                           "ioperm",
                                           "iopl",
                                           "kcmp",
                                           "kexec_file_load",
                                           "kexec_load",
                                           "keyctl",
                                           "lookup_dcookie",
                                           "mbind",
                                           "migrate_pages",
                                           "mount",
                                           "mount_setattr",
                                           "move_mount",
                                           "move_pages",
                                           "name_to_handle_at",
                                           "nfsservctl",
                                           "open_by_handle_at",
                                           "open_tree",
                                           "perf_event_open",
                                           "personality",
                                           "pivot_root",
                                           "process_vm_readv",
                                           "process_vm_writev",
                                           "ptrace",
                                           "query_module",
                                           "quotactl",
                                           "reboot",
                                           "request_key",
                                           "set_mempolicy",
                                           "setdomainname",
                                           "sethostname",
                                           "settimeofday",
                                           "setns",
                                           "stime",
                                           "swapoff",
                                           "swapon",
                                           "sysfs",
                                           "syslog",
                                           "umount2",
                                           "unshare",
                                           "uselib",
                                           "userfaultfd",
                                           "ustat",
                                           "vhangup",
                                           "vm86",
                                           "vm86old",
                                           "vmsplice",
                                           "_sysctl",
                                           "afs_syscall",
                                           "tuxcall"};
  ASSERT_EQ(denied.size(), 72u);
  std::string names;
  for (const auto& name : denied) names += (names.empty() ? "\"" : ",\"") + name + "\"";
  std::string calls;
  for (const auto& name : denied) calls += "\"$P\" --repeat 20 " + name + " >/dev/null 2>&1; ";
  // 17 directories of 200 \x01 bytes each, a program in each of 8 of them.
  const std::string script =
      "C=$(busybox head -c 200 /dev/zero | busybox tr '\\000' '\\001'); D=/tmp; "
      "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do D=\"$D/$C\"; done; busybox mkdir -p \"$D\"; "
      "for n in 1 2 3 4 5 6 7 8; do P=\"$D/p$n\"; busybox cp /bin/probe \"$P\"; " +
      calls + "done; echo done";
  wrapper_.configure("events_max_bytes = 65536");
  Bundle bundle;
  bundle.set_seccomp(
      R"({"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":[)" + names +
      R"(],"action":"SCMP_ACT_ERRNO","errnoRet":1}]})");
  bundle.set_args({"sh", "-c", script});
  const CommandResult r = watched(bundle, "bytes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "done\n");
  const auto summary = wrapper_.final_summary("bytes");
  ASSERT_TRUE(summary.HasMember("total")) << read_if_exists(wrapper_.record_dir("bytes") + "/monitor.log");
  // Every call counted, in no more bytes than the bounds allow.
  std::uint64_t made = 8 * 20 * 72;
  EXPECT_GE(summary["total"].GetUint64(), made - 8 * 20 * 3) << "every call the kernel knows";
  const std::string dir = wrapper_.record_dir("bytes");
  EXPECT_LE(fs::file_size(dir + "/summary.json"), 1u << 20);
  EXPECT_LE(fs::file_size(dir + "/events.jsonl"), 65536u);
  EXPECT_GT(summary["eventsSuppressed"].GetUint64(), 0u);
  std::ifstream events(dir + "/events.jsonl");
  for (std::string line; std::getline(events, line);) {
    EXPECT_LE(line.size(), 1024u);
    EXPECT_NO_THROW((void)common::parse_json(line, "event"));
  }
  for (const auto& caller : summary["syscalls"][0]["callers"].GetArray()) {
    EXPECT_LE(caller["exe"].GetStringLength(), 256u);
    EXPECT_TRUE(std::string_view(caller["exe"].GetString()).ends_with("...[cut]")) << caller["exe"].GetString();
  }
  for (const auto& command : std::vector<std::vector<std::string>>{{"list"}, {"show", "bytes"}, {"suggest", "bytes"}}) {
    const CommandResult shown = ctl(command);
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    expect_terminal_safe(shown.err);
  }
  EXPECT_NE(ctl({"list"}).out.find("bytes"), std::string::npos);

  // A record too large to read hides nothing: it is named as unreadable.
  const std::string huge = wrapper_.state_root() + "/huge";
  fs::create_directory(huge);
  std::ofstream(huge + "/summary.json") << std::string(17 << 20, ' ');
  const CommandResult listed = ctl({"list"});
  EXPECT_NE(listed.out.find("huge"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("unreadable"), std::string::npos) << listed.out;
  const CommandResult suggested = ctl({"suggest", "huge"});
  EXPECT_NE(suggested.exit_code, 0);
  EXPECT_NE(suggested.err.find("huge: its record cannot be read"), std::string::npos) << suggested.err;

  // Past records are bounded in bytes too.
  wrapper_.configure("past_records_bytes = 100000");
  // runc deleted the container it ran; the record goes to the past ones on `delete`.
  (void)run(env_path("WRAPPER"), args({"delete", "bytes"}), wrapper_.env());
  ASSERT_FALSE(fs::exists(wrapper_.state_dir("bytes")));
  std::uint64_t past = 0;
  for (const auto& entry : fs::recursive_directory_iterator(wrapper_.state_root() + "/@past"))
    if (entry.is_regular_file()) past += entry.file_size();
  EXPECT_LE(past, 100000u);
}

/// The signals pending for `pid` (ShdPnd: sent to its process), as /proc shows them.
std::string pending_signals(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("ShdPnd:", 0) == 0) return line.substr(7);
  return "";
}

// 5. restart-monitors signals only a monitor proven to be the record's own.
TEST_P(Hostile, RestartMonitorsSignalsOnlyItsOwnMonitor) {
  // A watched container that ended: its monitor took its pid files with it.
  Bundle bundle;
  bundle.set_seccomp(kDenyChroot);
  bundle.set_args({"sh", "-c", "chroot /tmp; true"});
  ASSERT_EQ(watched(bundle, "ended").exit_code, 0);
  (void)wrapper_.final_summary("ended");
  EXPECT_FALSE(fs::exists(wrapper_.state_dir("ended") + "/monitor.pid"));
  EXPECT_FALSE(fs::exists(wrapper_.state_dir("ended") + "/worker.pid"));

  // A daemon that blocks SIGHUP for its signalfd took the pid a record names.
  Background daemon("/usr/bin/python3",
                    {"-c",
                     "import signal, time; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP}); "
                     "open('" +
                         files_.path() + "/blocked', 'w').close(); time.sleep(600)"});
  ASSERT_TRUE(eventually([&] { return fs::exists(files_.path() + "/blocked"); }, 60s));
  int pid = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string cmdline = read_if_exists(entry.path().string() + "/cmdline");
    if (cmdline.find(files_.path() + "/blocked") != std::string::npos) pid = std::atoi(entry.path().filename().c_str());
  }
  ASSERT_GT(pid, 0);
  for (const std::string record : {"ended", "reused"}) {
    const std::string dir = wrapper_.state_dir(record);
    fs::create_directories(dir);
    std::ofstream(dir + "/monitor.pid") << pid << "\n";
    std::ofstream(dir + "/monitor.lock").close();
  }
  const CommandResult r = ctl({"restart-monitors"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("not proven to be its monitor"), std::string::npos) << r.out;
  EXPECT_EQ(pending_signals(pid), "\t0000000000000000") << "SIGHUP reached pid " << pid << ": " << r.out;
}

// 6. The termination message file is opened to write only once it is known to be
// a regular file: a FIFO's waiting reader is never woken by the monitor.
TEST_P(Hostile, TheTerminationMessageIsWrittenOnlyToARegularFile) {
  const std::string fifo = files_.path() + "/termination-log";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string woken = files_.path() + "/woken";
  const std::string coming = files_.path() + "/the-test-opens-now";
  // A reader on the host that says whether it was the test's writer that woke it.
  Background reader("/bin/sh", {"-c", "exec 3<'" + fifo + "'; if [ -e '" + coming + "' ]; then echo test > '" + woken +
                                          "'; else echo other > '" + woken + "'; fi"});
  Bundle bundle;
  bundle.set_seccomp(kDenyChroot);
  bundle.add_bind_mount(fifo, "/dev/termination-log");
  bundle.set_annotation("seccomp-witness.io/stop-after", "0.5");
  bundle.set_args({"sh", "-c", "probe chroot s:/tmp; sleep 600"});
  const CommandResult r = watched(bundle, "fifo", "stop");
  EXPECT_EQ(r.exit_code, 137) << r.err;
  EXPECT_NE(read_if_exists(wrapper_.record_dir("fifo") + "/monitor.log").find("not a regular file"), std::string::npos)
      << read_if_exists(wrapper_.record_dir("fifo") + "/monitor.log");
  EXPECT_STREQ(wrapper_.final_summary("fifo")["state"].GetString(), "stopped");
  std::ofstream(coming).close();
  // The test's own writer: the reader wakes now, if no one woke it before (then
  // it is gone, and this fails with ENXIO).
  const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (writer >= 0) ::close(writer);
  EXPECT_TRUE(eventually([&] { return !read_if_exists(woken).empty(); }, 30s));
  EXPECT_EQ(read_if_exists(woken), "test\n");
}

// 7. The notify fds a monitor serves (a thread each) are bounded per container
// and per node; an exec beyond is refused before it has a notify fd, so that
// nothing of the container is left without answers.
TEST_P(Hostile, NotifyFdsAreBoundedAndAnExecBeyondIsRefused) {
  wrapper_.configure("notify_fds_per_container = 3");
  const Turns turns;
  Bundle bundle;
  bundle.set_seccomp(kDenyChroot);
  bundle.add_bind_mount(turns.dir(), "/signal");
  bundle.set_annotation("seccomp-witness.io/action", "log");
  bundle.set_args({"sh", "-c", Turns::wait_for(0) + "probe chroot s:/tmp"});
  bundle.save();
  Background container(env_path("WRAPPER"), args({"--log", log(), "run", "-b", bundle.path(), "bounded"}),
                       wrapper_.env());
  ASSERT_TRUE(turns.ready(1));
  std::vector<std::unique_ptr<Background>> execs;
  for (int n = 1; n <= 2; ++n)
    execs.push_back(std::make_unique<Background>(
        env_path("WRAPPER"), args({"exec", "bounded", "sh", "-c", Turns::wait_for(n) + "probe chroot s:/tmp"}),
        wrapper_.env()));
  ASSERT_TRUE(turns.ready(3));
  const std::string count = wrapper_.state_dir("bounded") + "/notify-fds";
  ASSERT_TRUE(eventually([&] { return read_if_exists(count) == "3\n"; }, 30s)) << read_if_exists(count);

  const CommandResult refused =
      run(env_path("WRAPPER"), args({"--log", log(), "exec", "bounded", "probe", "chroot", "s:/tmp"}), wrapper_.env());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(runtime_log().find("exec refused: its monitor serves 3 notify fds already"), std::string::npos)
      << runtime_log();
  // Those within the bound are answered as the profile would.
  for (int n = 1; n <= 2; ++n) {
    turns.go(n);
    const CommandResult r = execs[n - 1]->wait(60s);
    EXPECT_EQ(r.out, "chroot = -1 errno=13 (EACCES)\n") << r.err;
  }
  ASSERT_TRUE(eventually([&] { return read_if_exists(count) == "1\n"; }, 30s)) << read_if_exists(count);
  const CommandResult again =
      run(env_path("WRAPPER"), args({"exec", "bounded", "probe", "chroot", "s:/tmp"}), wrapper_.env());
  EXPECT_EQ(again.out, "chroot = -1 errno=13 (EACCES)\n") << again.err;

  // The node's bound: a new opted-in container runs unwatched, under its own profile.
  wrapper_.configure("notify_fds_per_node = 1");
  Bundle second;
  second.set_seccomp(kDenyChroot);
  second.set_args({"probe", "chroot", "s:/tmp"});
  const CommandResult unwatched = watched(second, "over-the-node");
  EXPECT_EQ(unwatched.out, "chroot = -1 errno=13 (EACCES)\n") << unwatched.err;
  EXPECT_STREQ(wrapper_.summary("over-the-node")["state"].GetString(), "unwatched");
  EXPECT_NE(std::string(wrapper_.summary("over-the-node")["reason"].GetString()).find("notify_fds_per_node"),
            std::string::npos);

  turns.go(0);
  EXPECT_EQ(container.wait(60s).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, Hostile, ::testing::Values("RUNC", "CRUN"));

}  // namespace
}  // namespace itest
