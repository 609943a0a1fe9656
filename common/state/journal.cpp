// SPDX-License-Identifier: Apache-2.0
#include "state/journal.hpp"

#include <syslog.h>

#include <string>

#include "display_text.hpp"

namespace common {
namespace {

constexpr std::size_t kMaxJournalBytes = 2048;

}  // namespace

void journal_warning(std::string_view message) {
  // It may quote a container's or a pod's names: display text, one bounded line.
  const std::string line = display_text(message, kMaxJournalBytes);
  ::openlog("seccomp-witness", LOG_PID | LOG_NDELAY, LOG_DAEMON);
  ::syslog(LOG_WARNING, "%s", line.c_str());
  ::closelog();
}

}  // namespace common
