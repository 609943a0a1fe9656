// SPDX-License-Identifier: Apache-2.0
#include "linux/seccomp_notify.hpp"

#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "sys_error.hpp"

// Linux 6.6's, where the build's headers are older.
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

namespace common {

int set_sync_wake_up(int notify_fd) {
  const unsigned long long flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
  return ::ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) == 0 ? 0 : errno;
}

NotifyBuffers::NotifyBuffers() {
  if (const int rc = seccomp_notify_alloc(&request_, &response_); rc != 0) throw sys_error(-rc, "seccomp_notify_alloc");
  // libseccomp allocates the larger of the kernel's size and its own header's.
  seccomp_notif_sizes sizes{};
  request_size_ = sizeof(seccomp_notif);
  if (::syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) == 0)
    request_size_ = std::max<std::size_t>(request_size_, sizes.seccomp_notif);
}

NotifyBuffers::~NotifyBuffers() {
  seccomp_notify_free(request_, response_);
}

std::optional<Notification> NotifyBuffers::receive(int notify_fd, void* landing) {
  auto* request = landing != nullptr ? static_cast<seccomp_notif*>(landing) : request_;
  // The kernel refuses (EINVAL) a request buffer that is not zeroed, and
  // libseccomp does not clear it between calls.
  std::memset(request, 0, request_size_);
  errno = 0;
  if (seccomp_notify_receive(notify_fd, request) != 0) {
    // The caller was killed before we read its notification.
    if (errno == ENOENT || errno == EINTR) return std::nullopt;
    throw sys_error(errno != 0 ? errno : ECANCELED, "seccomp_notify_receive");
  }
  return to_notification(*request);
}

Notification to_notification(const seccomp_notif& request) {
  Notification n;
  n.id = request.id;
  n.pid = request.pid;
  n.arch = request.data.arch;
  n.nr = request.data.nr;
  for (std::size_t i = 0; i < n.args.size(); ++i) n.args[i] = request.data.args[i];
  return n;
}

bool NotifyBuffers::respond_errno(int notify_fd, std::uint64_t id, int errno_value) {
  return respond(notify_fd, id, 0, errno_value, 0);
}

bool NotifyBuffers::respond_result(int notify_fd, std::uint64_t id, std::int64_t value, int error) {
  return respond(notify_fd, id, error == 0 ? value : 0, error, 0);
}

bool NotifyBuffers::respond_continue(int notify_fd, std::uint64_t id) {
  return respond(notify_fd, id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
}

bool NotifyBuffers::respond(int notify_fd, std::uint64_t id, std::int64_t value, int error, std::uint32_t flags) {
  response_->id = id;
  response_->val = value;
  response_->error = -error;
  response_->flags = flags;
  errno = 0;
  if (seccomp_notify_respond(notify_fd, response_) != 0) {
    if (errno == ENOENT) return false;
    throw sys_error(errno != 0 ? errno : ECANCELED, "seccomp_notify_respond");
  }
  return true;
}

bool notification_valid(int notify_fd, std::uint64_t id) {
  return seccomp_notify_id_valid(notify_fd, id) == 0;
}

bool is_seccomp_notify_fd(int fd) {
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  char target[64];
  const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  return n > 0 && std::string_view(target, static_cast<std::size_t>(n)) == "anon_inode:seccomp notify";
}

std::string syscall_name(std::uint32_t arch, int nr) {
  char* name = seccomp_syscall_resolve_num_arch(arch, nr);
  if (name == nullptr) return "syscall_" + std::to_string(nr);
  std::string out(name);
  std::free(name);
  return out;
}

}  // namespace common
