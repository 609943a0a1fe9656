#include "journal.hpp"

#include <syslog.h>

#include <string>

namespace common {

void journal_warning(std::string_view message) {
  const std::string line(message);
  ::openlog("seccomp-witness", LOG_PID | LOG_NDELAY, LOG_DAEMON);
  ::syslog(LOG_WARNING, "%s", line.c_str());
  ::closelog();
}

}  // namespace common
