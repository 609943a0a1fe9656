// SPDX-License-Identifier: Apache-2.0
#include "plain_options.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace hooks {
namespace {

struct PlainOption {
  int level;
  int option;
  const char* name;
};

#define PLAIN(level, option) \
  PlainOption {              \
    level, option, #option   \
  }

// Each takes an int, or a flat struct (linger, timeval, in_addr): nothing in the
// value points anywhere.
constexpr std::array kPlain = {
    PLAIN(SOL_SOCKET, SO_DEBUG),
    PLAIN(SOL_SOCKET, SO_REUSEADDR),
    PLAIN(SOL_SOCKET, SO_REUSEPORT),
    PLAIN(SOL_SOCKET, SO_DONTROUTE),
    PLAIN(SOL_SOCKET, SO_BROADCAST),
    PLAIN(SOL_SOCKET, SO_SNDBUF),
    PLAIN(SOL_SOCKET, SO_RCVBUF),
    PLAIN(SOL_SOCKET, SO_SNDBUFFORCE),
    PLAIN(SOL_SOCKET, SO_RCVBUFFORCE),
    PLAIN(SOL_SOCKET, SO_KEEPALIVE),
    PLAIN(SOL_SOCKET, SO_OOBINLINE),
    PLAIN(SOL_SOCKET, SO_PRIORITY),
    PLAIN(SOL_SOCKET, SO_LINGER),
    PLAIN(SOL_SOCKET, SO_RCVLOWAT),
    PLAIN(SOL_SOCKET, SO_MARK),
    PLAIN(SOL_SOCKET, SO_TIMESTAMP),
    PLAIN(SOL_SOCKET, SO_PASSCRED),
    PLAIN(SOL_SOCKET, SO_BUSY_POLL),
    PLAIN(SOL_SOCKET, SO_INCOMING_CPU),
    PLAIN(SOL_SOCKET, SO_ZEROCOPY),
    PLAIN(IPPROTO_IP, IP_TOS),
    PLAIN(IPPROTO_IP, IP_TTL),
    PLAIN(IPPROTO_IP, IP_MTU_DISCOVER),
    PLAIN(IPPROTO_IP, IP_RECVERR),
    PLAIN(IPPROTO_IP, IP_FREEBIND),
    PLAIN(IPPROTO_IP, IP_TRANSPARENT),
    PLAIN(IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT),
    PLAIN(IPPROTO_IP, IP_MULTICAST_TTL),
    PLAIN(IPPROTO_IP, IP_MULTICAST_LOOP),
    PLAIN(IPPROTO_IPV6, IPV6_TCLASS),
    PLAIN(IPPROTO_IPV6, IPV6_V6ONLY),
    PLAIN(IPPROTO_IPV6, IPV6_UNICAST_HOPS),
    PLAIN(IPPROTO_IPV6, IPV6_MULTICAST_HOPS),
    PLAIN(IPPROTO_IPV6, IPV6_RECVERR),
    PLAIN(IPPROTO_IPV6, IPV6_MTU_DISCOVER),
    PLAIN(IPPROTO_TCP, TCP_NODELAY),
    PLAIN(IPPROTO_TCP, TCP_MAXSEG),
    PLAIN(IPPROTO_TCP, TCP_CORK),
    PLAIN(IPPROTO_TCP, TCP_KEEPIDLE),
    PLAIN(IPPROTO_TCP, TCP_KEEPINTVL),
    PLAIN(IPPROTO_TCP, TCP_KEEPCNT),
    PLAIN(IPPROTO_TCP, TCP_SYNCNT),
    PLAIN(IPPROTO_TCP, TCP_LINGER2),
    PLAIN(IPPROTO_TCP, TCP_DEFER_ACCEPT),
    PLAIN(IPPROTO_TCP, TCP_WINDOW_CLAMP),
    PLAIN(IPPROTO_TCP, TCP_QUICKACK),
    PLAIN(IPPROTO_TCP, TCP_USER_TIMEOUT),
    PLAIN(IPPROTO_TCP, TCP_NOTSENT_LOWAT),
};

#undef PLAIN

/// The values a rule lets argument `index` take: those of an SCMP_CMP_EQ
/// condition on it (every condition must hold, so one such bounds them all);
/// nullopt when none bounds it.
std::optional<std::vector<std::uint64_t>> bounded_values(const ArgRule& rule, unsigned index) {
  for (const RuleCondition& c : rule.args)
    if (c.index == index && c.op == common::CompareOp::kEq) return c.values;
  return std::nullopt;
}

}  // namespace

bool plain_value_option(std::uint64_t level, std::uint64_t option) {
  return std::any_of(kPlain.begin(), kPlain.end(), [&](const PlainOption& p) {
    return static_cast<std::uint64_t>(p.level) == level && static_cast<std::uint64_t>(p.option) == option;
  });
}

std::string carry_out_problem(const ArgRule& rule) {
  if (!rule.optval) return {};
  const auto levels = bounded_values(rule, 1);
  const auto options = bounded_values(rule, 2);
  if (!levels || !options)
    return "it judges an option value without naming the level (argument 1) and the options (argument 2) with "
           "SCMP_CMP_EQ, so it could have any option carried out";
  for (const std::uint64_t level : *levels)
    for (const std::uint64_t option : *options)
      if (!plain_value_option(level, option))
        return "level " + std::to_string(level) + " option " + std::to_string(option) +
               " is not a plain-value option (its value may hold a pointer); the monitor carries out only " +
               plain_value_options_text();
  return {};
}

std::string plain_value_options_text() {
  std::string out;
  for (const PlainOption& p : kPlain) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

}  // namespace hooks
