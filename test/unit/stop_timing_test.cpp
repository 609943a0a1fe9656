// SPDX-License-Identifier: Apache-2.0
#include "stop_timing.hpp"

#include <gtest/gtest.h>

namespace common {
namespace {

using namespace std::chrono_literals;

TEST(StopTiming, Seconds) {
  EXPECT_EQ(parse_seconds("2.5", 10), 2.5);
  EXPECT_EQ(parse_seconds("0", 10), 0.0);
  EXPECT_EQ(parse_seconds("10", 10), 10.0);
  for (const char* bad : {"-1", "11", "nan", "inf", "", "5s", " 5"})
    EXPECT_EQ(parse_seconds(bad, 10), std::nullopt) << bad;
}

TEST(StopTiming, QuietPeriodWithinABound) {
  StopClock clock(5, 12);
  const auto t0 = StopClock::Clock::time_point{} + 100s;
  EXPECT_EQ(clock.violation(t0), t0 + 5s) << "the quiet period after the first";
  EXPECT_EQ(clock.violation(t0 + 4s), t0 + 9s) << "each violation starts it again";
  EXPECT_EQ(clock.violation(t0 + 8s), t0 + 12s) << "but never past the bound from the first";
  EXPECT_EQ(clock.violation(t0 + 11s), t0 + 12s);
}

TEST(StopTiming, ABoundBelowTheQuietPeriodWins) {
  StopClock clock(5, 0);
  const auto t0 = StopClock::Clock::time_point{} + 1s;
  EXPECT_EQ(clock.violation(t0), t0);
}

}  // namespace
}  // namespace common
