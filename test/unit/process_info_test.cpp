// SPDX-License-Identifier: Apache-2.0
#include "linux/process_info.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

namespace common {
namespace {

std::string proc_link(pid_t pid, const char* name) {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/" + name, ec).string();
}

std::string proc_comm(pid_t pid) {
  std::string comm;
  std::getline(std::ifstream("/proc/" + std::to_string(pid) + "/comm"), comm);
  return comm;
}

/// A copy of what `reader` reads for `pid`.
ProcessInfo read(ProcessInfoReader& reader, pid_t pid, bool* opened_afresh = nullptr) {
  bool afresh = false;
  ProcessInfo info = reader.read(pid, afresh);
  if (opened_afresh != nullptr) *opened_afresh = afresh;
  return info;
}

/// A child that waits for a byte on a pipe, then execs `sleep`: one pid, two programs.
class ExecingChild {
 public:
  explicit ExecingChild(const char* program = "/bin/sleep") {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    pid_ = ::fork();
    if (pid_ == 0) {
      char byte;
      if (::read(fds[0], &byte, 1) == 1) ::execl(program, "sleep", "30", nullptr);
      ::_exit(127);
    }
    ::close(fds[0]);
    go_ = fds[1];
  }
  ~ExecingChild() {
    if (go_ >= 0) ::close(go_);
    reap();
  }
  ExecingChild(const ExecingChild&) = delete;
  ExecingChild& operator=(const ExecingChild&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  /// Lets the child exec its program, and waits until /proc shows it.
  bool exec_sleep() {
    const std::string before = proc_link(pid_, "exe");
    if (::write(go_, "x", 1) != 1) return false;
    for (int i = 0; i < 500; ++i) {
      if (proc_link(pid_, "exe") != before) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  void reap() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int go_ = -1;
};

TEST(ProcessInfoReader, ReadsCommAndExe) {
  ProcessInfoReader reader;
  const ProcessInfo self = read(reader, ::getpid());
  EXPECT_EQ(self.pid, ::getpid());
  EXPECT_EQ(self.comm, proc_comm(::getpid()));
  EXPECT_EQ(self.exe, proc_link(::getpid(), "exe"));
  EXPECT_FALSE(self.exe.empty());
}

TEST(ProcessInfoReader, EachReadIsMadeAfreshThoughTheDescriptorsAreKept) {
  ProcessInfoReader reader;
  const std::string name = proc_comm(::getpid());
  EXPECT_EQ(read(reader, ::getpid()).comm, name);
  ASSERT_EQ(::prctl(PR_SET_NAME, "renamed-caller"), 0);
  const std::string renamed = read(reader, ::getpid()).comm;
  ::prctl(PR_SET_NAME, name.c_str());
  EXPECT_EQ(renamed, "renamed-caller");
}

TEST(ProcessInfoReader, SeesTheProgramACallerExecs) {
  ProcessInfoReader reader;
  ExecingChild child;
  EXPECT_EQ(read(reader, child.pid()).exe, proc_link(::getpid(), "exe")) << "a fork runs our own program";
  ASSERT_TRUE(child.exec_sleep());
  const ProcessInfo after = read(reader, child.pid());
  EXPECT_EQ(after.comm, "sleep");
  EXPECT_EQ(after.exe, std::filesystem::canonical("/bin/sleep").string());
}

TEST(ProcessInfoReader, AKeptTaskNeedsNoProofANewOneDoes) {
  ProcessInfoReader reader;
  ExecingChild child;
  bool afresh = false;
  EXPECT_FALSE(read(reader, child.pid(), &afresh).comm.empty());
  EXPECT_TRUE(afresh) << "the first read of a pid goes by its number";
  EXPECT_FALSE(read(reader, child.pid(), &afresh).comm.empty());
  EXPECT_FALSE(afresh) << "the kept descriptor is the task's own";
  child.reap();
  (void)read(reader, child.pid(), &afresh);
  EXPECT_TRUE(afresh) << "a task gone: its number may be another's";
}

TEST(ProcessInfoReader, AnExecUnderTheSameNameShowsWithinTheRefresh) {
  // A copy of sleep named as this test program is: the exec keeps comm.
  const std::string name = proc_comm(::getpid());
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("process-info-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path program = dir / name;
  std::filesystem::copy_file("/bin/sleep", program, std::filesystem::copy_options::overwrite_existing);
  ProcessInfoReader reader;
  {
    ExecingChild child(program.c_str());
    EXPECT_EQ(read(reader, child.pid()).exe, proc_link(::getpid(), "exe"));
    ASSERT_TRUE(child.exec_sleep());
    ASSERT_EQ(proc_comm(child.pid()), name);
    std::this_thread::sleep_for(ProcessInfoReader::kExeRefresh + std::chrono::milliseconds(100));
    EXPECT_EQ(read(reader, child.pid()).exe, program.string());
  }
  std::filesystem::remove_all(dir);
}

TEST(ProcessInfoReader, AGoneCallerReadsEmpty) {
  ProcessInfoReader reader;
  ExecingChild child;
  const pid_t pid = child.pid();
  EXPECT_FALSE(read(reader, pid).comm.empty());
  child.reap();
  const ProcessInfo gone = read(reader, pid);
  EXPECT_EQ(gone.pid, pid);
  EXPECT_EQ(gone.comm, "");
  EXPECT_EQ(gone.exe, "");
}

TEST(ProcessInfoReader, MorePidsThanItKeepsAreStillReadRight) {
  ProcessInfoReader reader(1);
  ExecingChild child;
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(read(reader, ::getpid()).comm, proc_comm(::getpid())) << round;
    EXPECT_EQ(read(reader, child.pid()).comm, proc_comm(child.pid())) << round;
  }
}

}  // namespace
}  // namespace common
