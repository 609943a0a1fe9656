#include "termination_message.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {

void append_termination_message(const std::string& path, std::string_view message) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) throw_errno("open", path);
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
