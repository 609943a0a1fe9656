#include "termination_message.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {

void append_termination_message(const std::string& path, std::string_view message) {
  if (!path.starts_with('/')) throw sys_error(EINVAL, "not an absolute path:", path);
  // No symlink anywhere on the way, nor a /proc magic link: the path is one the
  // container could not have bent towards a host file of its choosing.
  open_how how{};
  how.flags = O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, AT_FDCWD, path.c_str(), &how, sizeof how)));
  if (!fd && errno == ELOOP) throw sys_error(ELOOP, "openat2 (a symlink on the way)", path);
  if (!fd) throw_errno("openat2", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("fstat", path);
  if (!S_ISREG(st.st_mode)) throw sys_error(EINVAL, "not a regular file:", path);

  std::string text;
  if (st.st_size > 0) {
    char last = '\n';
    if (::pread(fd.get(), &last, 1, st.st_size - 1) != 1) throw_errno("pread", path);
    if (last != '\n') text += '\n';
  }
  // Our line must survive kubelet's cut to the last 4096 bytes.
  text += message.substr(0, kTerminationMessageLimit - 1);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) throw_errno("write", path);
}

}  // namespace common
