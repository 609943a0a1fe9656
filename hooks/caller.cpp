// SPDX-License-Identifier: Apache-2.0
#include "caller.hpp"

#include <seccomp.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sys_error.hpp"

namespace hooks {

bool Caller::native() const {
  static const std::uint32_t kNative = seccomp_arch_native();
  return n_.arch == kNative;
}

std::optional<std::vector<std::byte>> Caller::read(std::uint64_t address, std::size_t length) const {
  if (length > kMaxRead) return std::nullopt;
  std::vector<std::byte> data(length);
  if (length == 0) return still_waiting() ? std::optional(std::move(data)) : std::nullopt;
  iovec local{data.data(), length};
  iovec remote{reinterpret_cast<void*>(static_cast<std::uintptr_t>(address)), length};
  const ssize_t got = ::process_vm_readv(static_cast<pid_t>(n_.pid), &local, 1, &remote, 1, 0);
  if (got != static_cast<ssize_t>(length)) return std::nullopt;
  // Read first, check after: the bytes belong to our caller only if it still waits.
  if (!still_waiting()) return std::nullopt;
  return data;
}

common::UniqueFd Caller::take_fd(const common::ThreadPidfd& pidfd, int fd) const {
  if (!still_waiting()) return {};  // the pidfd may name a new process of the same pid
  common::UniqueFd copy(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.fd.get(), fd, 0)));
  if (!copy) common::throw_errno("pidfd_getfd", "fd " + std::to_string(fd) + " of pid " + std::to_string(n_.pid));
  return copy;
}

}  // namespace hooks
