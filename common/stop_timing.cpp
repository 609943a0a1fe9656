// SPDX-License-Identifier: Apache-2.0
#include "stop_timing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace common {
namespace {

StopClock::Clock::duration seconds(double value) {
  return std::chrono::duration_cast<StopClock::Clock::duration>(std::chrono::duration<double>(value));
}

}  // namespace

std::optional<double> parse_seconds(std::string_view text, double max) {
  double value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0 || value > max)
    return std::nullopt;
  return value;
}

StopClock::StopClock(double quiet_seconds, double within_seconds)
    : quiet_(seconds(quiet_seconds)), within_(seconds(within_seconds)) {}

StopClock::Clock::time_point StopClock::violation(Clock::time_point now) {
  if (!first_) first_ = now;
  return std::min(now + quiet_, *first_ + within_);
}

}  // namespace common
