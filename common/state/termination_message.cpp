// SPDX-License-Identifier: Apache-2.0
#include "state/termination_message.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {

void append_termination_message(const std::string& path, std::string_view message) {
  if (!path.starts_with('/')) throw sys_error(EINVAL, "not an absolute path:", path);
  // No symlink anywhere on the way, nor a /proc magic link: the path is one the
  // container could not have bent towards a host file of its choosing. Opened as
  // a path only: opening a device or a FIFO for reading or writing can do things
  // of its own, so it is opened so only once it is known to be a regular file.
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const UniqueFd at(static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how)));
  if (!at && errno == ELOOP) throw sys_error(ELOOP, "openat2 (a symlink on the way)", path);
  if (!at) throw_errno("openat2", path);
  struct stat st {};
  if (::fstat(at.get(), &st) != 0) throw_errno("fstat", path);
  if (!S_ISREG(st.st_mode)) throw sys_error(EINVAL, "not a regular file:", path);
  // The very file found above, opened anew through its descriptor.
  const std::string self = "/proc/self/fd/" + std::to_string(at.get());
  const auto reopen = [&](int flags) {
    UniqueFd fd(::open(self.c_str(), flags | O_CLOEXEC | O_NOCTTY));
    if (!fd) throw_errno("open", path);
    struct stat again {};
    if (::fstat(fd.get(), &again) != 0) throw_errno("fstat", path);
    if (again.st_dev != st.st_dev || again.st_ino != st.st_ino) throw sys_error(ESTALE, "reopened another file:", path);
    return fd;
  };

  std::string text;
  if (st.st_size > 0) {
    const UniqueFd in = reopen(O_RDONLY);
    char last = '\n';
    if (::pread(in.get(), &last, 1, st.st_size - 1) != 1) throw_errno("pread", path);
    if (last != '\n') text += '\n';
  }
  // Our line must survive kubelet's cut to the last 4096 bytes.
  text += message.substr(0, kTerminationMessageLimit - 1);
  const UniqueFd out = reopen(O_WRONLY | O_APPEND);
  if (::write(out.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) throw_errno("write", path);
}

}  // namespace common
