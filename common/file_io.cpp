// SPDX-License-Identifier: Apache-2.0
#include "file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>

#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {
namespace {

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

struct stat stat_regular(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw_errno("fstat", path);
  if (!S_ISREG(st.st_mode)) throw sys_error(EINVAL, "not a regular file:", path);
  return st;
}

/// Unlinks the temporary file unless the rename succeeded.
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
  ~TempFileGuard() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  void commit() noexcept { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace

std::string read_regular_file(const std::string& path, std::size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (!fd) throw_errno("open", path);
  stat_regular(fd.get(), path);

  // Read to EOF rather than trusting st_size: the file may change under us.
  std::string out;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read", path);
    }
    if (n == 0) return out;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) throw sys_error(EFBIG, "read", path);
    out.append(buf, static_cast<std::size_t>(n));
  }
}

void write_file_atomically(const std::string& path, std::string_view content, mode_t mode, uid_t uid, gid_t gid) {
  const std::filesystem::path target(path);
  const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  std::string temp = dir + "/." + target.filename().string() + ".seccomp-witness.XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (!fd) throw_errno("mkostemp", temp);
  TempFileGuard guard(temp);

  write_all(fd.get(), content, temp);
  if (::fchmod(fd.get(), mode & 07777) != 0) throw_errno("fchmod", temp);
  if (::fchown(fd.get(), uid, gid) != 0) throw_errno("fchown", temp);
  if (::fsync(fd.get()) != 0) throw_errno("fsync", temp);
  if (::rename(temp.c_str(), path.c_str()) != 0) throw_errno("rename", temp);
  guard.commit();

  // Make the rename itself durable.
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd) throw_errno("open", dir);
  if (::fsync(dir_fd.get()) != 0) throw_errno("fsync", dir);
}

void replace_file_atomically(const std::string& path, std::string_view content) {
  UniqueFd old_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (!old_fd) throw_errno("open", path);
  const struct stat old_st = stat_regular(old_fd.get(), path);
  write_file_atomically(path, content, old_st.st_mode, old_st.st_uid, old_st.st_gid);
}

pid_t read_pid_file(const std::string& path) {
  try {
    const std::string text = read_regular_file(path, 64);
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
    return ec == std::errc() && pid > 0 ? pid : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace common
