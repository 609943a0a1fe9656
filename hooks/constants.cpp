// SPDX-License-Identifier: Apache-2.0
#include "constants.hpp"

#include <linux/sched.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>

#include <array>
#include <cstdio>

namespace hooks {
namespace {

#define NAMED(x)                        \
  NamedValue {                          \
#x, static_cast < std::uint64_t>(x) \
  }

constexpr std::array kLevels = {NAMED(SOL_SOCKET),  NAMED(IPPROTO_IP),  NAMED(IPPROTO_IPV6), NAMED(IPPROTO_TCP),
                                NAMED(IPPROTO_UDP), NAMED(IPPROTO_RAW), NAMED(SOL_PACKET),   NAMED(SOL_NETLINK)};

constexpr std::array kOptions = {
    NAMED(SO_DEBUG),        NAMED(SO_REUSEADDR),    NAMED(SO_TYPE),          NAMED(SO_ERROR),
    NAMED(SO_DONTROUTE),    NAMED(SO_BROADCAST),    NAMED(SO_SNDBUF),        NAMED(SO_RCVBUF),
    NAMED(SO_SNDBUFFORCE),  NAMED(SO_RCVBUFFORCE),  NAMED(SO_KEEPALIVE),     NAMED(SO_OOBINLINE),
    NAMED(SO_NO_CHECK),     NAMED(SO_PRIORITY),     NAMED(SO_LINGER),        NAMED(SO_BSDCOMPAT),
    NAMED(SO_REUSEPORT),    NAMED(SO_PASSCRED),     NAMED(SO_PEERCRED),      NAMED(SO_RCVLOWAT),
    NAMED(SO_SNDLOWAT),     NAMED(SO_BINDTODEVICE), NAMED(SO_ATTACH_FILTER), NAMED(SO_DETACH_FILTER),
    NAMED(SO_TIMESTAMP),    NAMED(SO_MARK),         NAMED(SO_RXQ_OVFL),      NAMED(SO_BUSY_POLL),
    NAMED(SO_INCOMING_CPU), NAMED(SO_ATTACH_BPF),   NAMED(SO_ZEROCOPY)};

constexpr std::array kIpOptions = {NAMED(IP_TOS),
                                   NAMED(IP_TTL),
                                   NAMED(IP_MTU_DISCOVER),
                                   NAMED(IP_RECVERR),
                                   NAMED(IP_FREEBIND),
                                   NAMED(IP_TRANSPARENT),
                                   NAMED(IP_MULTICAST_TTL),
                                   NAMED(IP_MULTICAST_LOOP),
                                   NAMED(IP_BIND_ADDRESS_NO_PORT),
                                   NAMED(IP_OPTIONS),
                                   NAMED(IP_HDRINCL)};

constexpr std::array kIpv6Options = {NAMED(IPV6_TCLASS),         NAMED(IPV6_V6ONLY),  NAMED(IPV6_UNICAST_HOPS),
                                     NAMED(IPV6_MULTICAST_HOPS), NAMED(IPV6_RECVERR), NAMED(IPV6_MTU_DISCOVER)};

constexpr std::array kTcpOptions = {NAMED(TCP_NODELAY),       NAMED(TCP_MAXSEG),     NAMED(TCP_CORK),
                                    NAMED(TCP_KEEPIDLE),      NAMED(TCP_KEEPINTVL),  NAMED(TCP_KEEPCNT),
                                    NAMED(TCP_SYNCNT),        NAMED(TCP_LINGER2),    NAMED(TCP_DEFER_ACCEPT),
                                    NAMED(TCP_WINDOW_CLAMP),  NAMED(TCP_QUICKACK),   NAMED(TCP_USER_TIMEOUT),
                                    NAMED(TCP_NOTSENT_LOWAT), NAMED(TCP_CONGESTION), NAMED(TCP_MD5SIG)};

constexpr std::array kFamilies = {NAMED(AF_UNSPEC),  NAMED(AF_UNIX),      NAMED(AF_INET),     NAMED(AF_INET6),
                                  NAMED(AF_NETLINK), NAMED(AF_PACKET),    NAMED(AF_KEY),      NAMED(AF_ALG),
                                  NAMED(AF_VSOCK),   NAMED(AF_BLUETOOTH), NAMED(AF_XDP),      NAMED(AF_CAN),
                                  NAMED(AF_TIPC),    NAMED(AF_RDS),       NAMED(AF_APPLETALK)};

constexpr std::array kTypes = {NAMED(SOCK_STREAM), NAMED(SOCK_DGRAM),     NAMED(SOCK_RAW),
                               NAMED(SOCK_RDM),    NAMED(SOCK_SEQPACKET), NAMED(SOCK_PACKET)};

constexpr std::array kTypeFlags = {NAMED(SOCK_NONBLOCK), NAMED(SOCK_CLOEXEC)};

constexpr std::array kNamespaces = {NAMED(CLONE_NEWNS),  NAMED(CLONE_NEWCGROUP), NAMED(CLONE_NEWUTS),
                                    NAMED(CLONE_NEWIPC), NAMED(CLONE_NEWUSER),   NAMED(CLONE_NEWPID),
                                    NAMED(CLONE_NEWNET), NAMED(CLONE_NEWTIME)};

constexpr std::array kPersonas = {NAMED(PER_LINUX), NAMED(PER_LINUX32),     NAMED(PER_BSD),
                                  NAMED(PER_SVR4),  NAMED(PER_LINUX_32BIT), NAMED(PER_LINUX32_3GB)};

constexpr std::array kPersonaFlags = {NAMED(UNAME26),          NAMED(ADDR_NO_RANDOMIZE),  NAMED(FDPIC_FUNCPTRS),
                                      NAMED(MMAP_PAGE_ZERO),   NAMED(ADDR_COMPAT_LAYOUT), NAMED(READ_IMPLIES_EXEC),
                                      NAMED(ADDR_LIMIT_32BIT), NAMED(SHORT_INODE),        NAMED(WHOLE_SECONDS),
                                      NAMED(STICKY_TIMEOUTS),  NAMED(ADDR_LIMIT_3GB)};

constexpr std::array kIoctls = {NAMED(TIOCSTI),    NAMED(TIOCLINUX), NAMED(TIOCSCTTY), NAMED(TIOCGWINSZ),
                                NAMED(TIOCSWINSZ), NAMED(TCGETS),    NAMED(TCSETS),    NAMED(FIONREAD),
                                NAMED(FIONBIO),    NAMED(FIOCLEX),   NAMED(FIONCLEX),  NAMED(TIOCGPGRP),
                                NAMED(TIOCSPGRP),  NAMED(TIOCNOTTY), NAMED(TIOCCONS),  NAMED(TIOCGPTN)};

#undef NAMED

constexpr std::array<std::span<const NamedValue>, 12> kAllTables = {kLevels,     kOptions,  kIpOptions,    kIpv6Options,
                                                                    kTcpOptions, kFamilies, kTypes,        kTypeFlags,
                                                                    kNamespaces, kPersonas, kPersonaFlags, kIoctls};

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

const std::span<const NamedValue> kSocketLevels = kLevels;
const std::span<const NamedValue> kSocketOptions = kOptions;
const std::span<const NamedValue> kIpSocketOptions = kIpOptions;
const std::span<const NamedValue> kIpv6SocketOptions = kIpv6Options;
const std::span<const NamedValue> kTcpSocketOptions = kTcpOptions;
const std::span<const NamedValue> kAddressFamilies = kFamilies;
const std::span<const NamedValue> kSocketTypes = kTypes;
const std::span<const NamedValue> kSocketTypeFlags = kTypeFlags;
const std::span<const NamedValue> kNamespaceFlags = kNamespaces;
const std::span<const NamedValue> kPersonalities = kPersonas;
const std::span<const NamedValue> kPersonalityFlags = kPersonaFlags;
const std::span<const NamedValue> kIoctlRequests = kIoctls;

std::optional<std::uint64_t> constant_value(std::string_view name) {
  for (const auto table : kAllTables)
    for (const auto& entry : table)
      if (entry.name == name) return entry.value;
  return std::nullopt;
}

std::string name_of(std::span<const NamedValue> table, std::uint64_t value) {
  for (const auto& entry : table)
    if (entry.value == value) return std::string(entry.name);
  return value < 4096 ? std::to_string(value) : hex(value);
}

std::string flag_names(std::span<const NamedValue> table, std::uint64_t flags) {
  std::string out;
  const auto add = [&out](std::string_view part) {
    if (!out.empty()) out += '|';
    out += part;
  };
  std::uint64_t rest = flags;
  for (const auto& entry : table) {
    if (entry.value == 0 || (flags & entry.value) != entry.value) continue;
    add(entry.name);
    rest &= ~entry.value;
  }
  if (rest != 0) add(hex(rest));
  return out.empty() ? "0" : out;
}

std::string with_flags(std::string value, std::span<const NamedValue> table, std::uint64_t flags) {
  if (flags == 0) return value;
  value += '|';
  value += flag_names(table, flags);
  return value;
}

}  // namespace hooks
