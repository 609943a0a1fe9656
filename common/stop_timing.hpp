// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace common {

/// Annotation: the quiet period, seconds without a forbidden syscall before `stop`.
inline constexpr std::string_view kStopAfterAnnotation = "seccomp-witness.io/stop-after";
/// Annotation: the most seconds from the first forbidden syscall to the stop,
/// however often they keep coming.
inline constexpr std::string_view kStopWithinAnnotation = "seccomp-witness.io/stop-within";
inline constexpr double kDefaultStopAfterSeconds = 5.0;  // CRI-O's
inline constexpr double kMaxStopAfterSeconds = 3600.0;
inline constexpr double kDefaultStopWithinSeconds = 60.0;
inline constexpr double kMaxStopWithinSeconds = 86400.0;

/// A number of seconds from 0 to `max` ("2.5"); nullopt for anything else.
[[nodiscard]] std::optional<double> parse_seconds(std::string_view text, double max);

/// When `stop` ends a container: once no forbidden syscall came for the quiet
/// period, and at the latest `within` after the first one, so that a container
/// making one every few seconds is stopped too.
class StopClock {
 public:
  using Clock = std::chrono::steady_clock;
  StopClock(double quiet_seconds, double within_seconds);

  /// A forbidden syscall at `now`; returns when to stop.
  Clock::time_point violation(Clock::time_point now);

  /// The first violation came at `first` (a worker started again goes on from its summary).
  void first_violation_at(Clock::time_point first) { first_ = first; }

 private:
  Clock::duration quiet_;
  Clock::duration within_;
  std::optional<Clock::time_point> first_;
};

}  // namespace common
