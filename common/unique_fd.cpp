// SPDX-License-Identifier: Apache-2.0
#include "unique_fd.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace common {

void UniqueFd::reset(int fd) noexcept {
  if (fd_ >= 0 && fd_ != fd) {
    // close(2) may fail with EINTR/EIO; the fd is gone either way, so only log.
    if (::close(fd_) != 0) spdlog::debug("close fd {}: {}", fd_, std::strerror(errno));
  }
  fd_ = fd;
}

}  // namespace common
