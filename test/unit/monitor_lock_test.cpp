// SPDX-License-Identifier: Apache-2.0
#include "state/monitor_lock.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <system_error>

#include "temp_dir.hpp"

namespace common {
namespace {

TEST(MonitorLock, HeldWhileTheMonitorLivesFreeOnceItIsGone) {
  test::TempDir dir;
  EXPECT_FALSE(MonitorLock::take_if_gone(dir.path())) << "no lock file: not a container of ours";
  {
    const MonitorLock monitor = MonitorLock::take(dir.path());
    // flock belongs to the open file: a second open conflicts even in this process.
    EXPECT_FALSE(MonitorLock::take_if_gone(dir.path()));
    EXPECT_THROW((void)MonitorLock::take(dir.path()), std::system_error);
  }
  const auto after = MonitorLock::take_if_gone(dir.path());
  ASSERT_TRUE(after);
  EXPECT_GE(after->fd(), 0);
  EXPECT_FALSE(MonitorLock::take_if_gone(dir.path())) << "whoever took it over holds it now";
}

}  // namespace
}  // namespace common
