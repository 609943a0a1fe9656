// SPDX-License-Identifier: Apache-2.0
#include "linux/audit_kills.hpp"

#include <linux/audit.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <span>
#include <sstream>
#include <string>

#include "linux/proc_status.hpp"
#include "sys_error.hpp"

namespace common {
namespace {

/// The value after " key=" in an audit record, up to the next blank.
std::optional<std::string_view> field(std::string_view record, std::string_view key) {
  const std::string wanted = " " + std::string(key) + "=";
  const auto at = record.find(wanted);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = record.substr(at + wanted.size());
  if (rest.starts_with('"')) {
    const auto end = rest.find('"', 1);
    return end == std::string_view::npos ? std::nullopt : std::optional(rest.substr(0, end + 1));
  }
  return rest.substr(0, rest.find(' '));
}

/// An audit string: "quoted" as is, else the hex the kernel writes for one that
/// holds a quote, a blank, a control or a byte beyond ASCII.
std::optional<std::string> untrusted_string(std::string_view value) {
  if (value.starts_with('"')) return std::string(value.substr(1, value.size() - 2));
  if (value == "(null)" || value.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < value.size(); i += 2) {
    const auto byte = parse_number(value.substr(i, 2), 16);
    if (!byte) return std::nullopt;
    out += static_cast<char>(*byte);
  }
  return out;
}

// A netlink socket that keeps only what `code` accepts, bound to `groups`.
void filter_and_bind(int fd, std::span<sock_filter> code, std::uint32_t groups, const char* what) {
  const sock_fprog program{static_cast<unsigned short>(code.size()), code.data()};
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0)
    throw_errno("setsockopt", std::string("SO_ATTACH_FILTER on ") + what);
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  address.nl_groups = groups;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) throw_errno("bind", what);
}

}  // namespace

std::optional<SeccompKill> parse_seccomp_kill(std::string_view record) {
  const auto code = field(record, "code");
  const auto pid = field(record, "pid");
  const auto arch = field(record, "arch");
  const auto syscall = field(record, "syscall");
  if (!code || !pid || !arch || !syscall || !code->starts_with("0x")) return std::nullopt;
  const auto action = parse_number(code->substr(2), 16);
  // SECCOMP_RET_ACTION_FULL: KILL_PROCESS 0x80000000, KILL_THREAD 0.
  if (!action || ((*action & 0xffff0000u) != 0x80000000u && (*action & 0xffff0000u) != 0)) return std::nullopt;
  SeccompKill kill;
  const auto number = parse_number(*pid);
  const auto audit_arch = parse_number(*arch, 16);
  const auto nr = parse_number(*syscall);
  if (!number || !audit_arch || !nr || *number == 0 || *number > 0x3fffffff || *nr > 0x7fffffff) return std::nullopt;
  kill.pid = static_cast<pid_t>(*number);
  kill.arch = static_cast<std::uint32_t>(*audit_arch);
  kill.syscall = static_cast<int>(*nr);
  kill.whole_process = (*action & 0xffff0000u) == 0x80000000u;
  if (const auto comm = field(record, "comm")) kill.comm = untrusted_string(*comm).value_or("");
  if (const auto exe = field(record, "exe")) kill.exe = untrusted_string(*exe).value_or("");
  return kill;
}

std::optional<pid_t> seccomp_record_pid(std::string_view record) {
  const auto pid = field(record, "pid");
  const auto number = pid ? parse_number(*pid) : std::nullopt;
  if (!number || *number == 0 || *number > 0x3fffffff) return std::nullopt;
  return static_cast<pid_t>(*number);
}

pid_t make_audit_marker() {
  // getppid, logged; everything else allowed. Built before fork: the child only
  // makes system calls.
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  const sock_fprog program{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
  const pid_t child = ::fork();
  if (child < 0) return 0;
  if (child == 0) {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0)
      ::_exit(1);
    (void)::syscall(SYS_getppid);
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? child : 0;
}

UniqueFd open_seccomp_audit_socket() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT));
  if (!fd) throw_errno("socket", "NETLINK_AUDIT");
  // Only AUDIT_SECCOMP messages reach the socket: nlmsg_type is the u16 at offset
  // 4, in the host's byte order, which a BPF load reads as network order.
  constexpr std::uint32_t kType =
      __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? __builtin_bswap16(kAuditSeccomp) : kAuditSeccomp;
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, offsetof(nlmsghdr, nlmsg_type)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kType, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  filter_and_bind(fd.get(), code, AUDIT_NLGRP_READLOG, "the audit multicast group (needs CAP_AUDIT_READ)");
  return fd;
}

UniqueFd open_sigsys_exit_socket() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR));
  if (!fd) throw_errno("socket", "NETLINK_CONNECTOR");
  // nlmsghdr (16 bytes), cn_msg (20), then proc_event: `what` at 36, and for an
  // exit its exit code at 60. A BPF load reads them as network order: compare
  // the bytes as they lie. An exit whose code holds SIGSYS (core dump bit aside).
  const bool little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  constexpr std::uint32_t kExit = proc_event::PROC_EVENT_EXIT;
  const std::uint32_t exit_event = little ? __builtin_bswap32(kExit) : kExit;
  const std::uint32_t signal_mask = little ? __builtin_bswap32(0x7f) : 0x7f;
  const std::uint32_t sigsys = little ? __builtin_bswap32(SIGSYS) : SIGSYS;
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NLMSG_HDRLEN + sizeof(cn_msg) + offsetof(proc_event, what)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, exit_event, 0, 4),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
               NLMSG_HDRLEN + sizeof(cn_msg) + offsetof(proc_event, event_data.exit.exit_code)),
      BPF_STMT(BPF_ALU | BPF_AND | BPF_K, signal_mask),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sigsys, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  filter_and_bind(fd.get(), code, CN_IDX_PROC, "the proc connector");
  // Ask for the events: a message to the connector, proc_cn_mcast_op LISTEN.
  alignas(nlmsghdr) char listen[NLMSG_HDRLEN + sizeof(cn_msg) + sizeof(proc_cn_mcast_op)] = {};
  nlmsghdr header{};
  header.nlmsg_len = sizeof listen;
  header.nlmsg_type = NLMSG_DONE;
  cn_msg message{};
  message.id = {CN_IDX_PROC, CN_VAL_PROC};
  message.len = sizeof(proc_cn_mcast_op);
  const proc_cn_mcast_op op = PROC_CN_MCAST_LISTEN;
  std::memcpy(listen, &header, sizeof header);
  std::memcpy(listen + NLMSG_HDRLEN, &message, sizeof message);
  std::memcpy(listen + NLMSG_HDRLEN + sizeof(cn_msg), &op, sizeof op);
  if (::send(fd.get(), listen, sizeof listen, 0) != static_cast<ssize_t>(sizeof listen))
    throw_errno("send", "PROC_CN_MCAST_LISTEN (needs CAP_NET_ADMIN)");
  return fd;
}

std::optional<SigsysExit> read_sigsys_exit(int socket) {
  alignas(nlmsghdr) char buf[512];
  const ssize_t n = ::recv(socket, buf, sizeof buf, MSG_DONTWAIT);
  constexpr std::size_t kAt = NLMSG_HDRLEN + sizeof(cn_msg);
  if (n < static_cast<ssize_t>(kAt + sizeof(proc_event))) return std::nullopt;
  proc_event event{};
  std::memcpy(&event, buf + kAt, sizeof event);
  if (event.what != proc_event::PROC_EVENT_EXIT || (event.event_data.exit.exit_code & 0x7f) != SIGSYS)
    return std::nullopt;
  return SigsysExit{static_cast<pid_t>(event.event_data.exit.process_tgid),
                    static_cast<pid_t>(event.event_data.exit.parent_tgid)};
}

bool seccomp_action_logged(std::string_view action) {
  const auto logged = read_proc_file("/proc/sys/kernel/seccomp/actions_logged", 256);
  if (!logged) return false;
  std::istringstream words(*logged);
  for (std::string word; words >> word;)
    if (word == action) return true;
  return false;
}

std::string audit_kills_unavailable() {
  try {
    (void)open_seccomp_audit_socket();
  } catch (const std::exception& e) {
    return e.what();
  }
  for (const char* action : {"kill_process", "kill_thread"})
    if (!seccomp_action_logged(action)) return std::string("kernel.seccomp.actions_logged leaves out ") + action;
  return {};
}

}  // namespace common
