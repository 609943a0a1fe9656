#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seccomp_notify.hpp"
#include "seccomp_profile.hpp"
#include "stop_policy.hpp"

namespace common {

/// The exact count of one syscall, as the shared mapping holds it.
struct SharedCount {
  std::uint32_t arch = 0;
  int nr = 0;
  std::uint64_t count = 0;
  std::uint64_t violations = 0;
  Verdict verdict;
  CallClass klass = CallClass::kViolation;
};

/// A notification a monitor worker had received but maybe not answered.
struct InFlight {
  std::uint32_t slot = 0;  ///< the supervisor's number of its notify fd
  Notification notification;
  bool counted = false;  ///< its count is in the table already
};

/// The counts of a container's forbidden syscalls in a file of the state dir
/// (tmpfs), mapped shared: each is updated before the call is answered, so a
/// worker killed at any instant loses no answered call, and the next one goes on
/// from them. Also the one notification in flight. One writer at a time (the
/// worker); fixed size, no allocation once open.
class SharedCounts {
 public:
  /// Maps `path`, creating it when missing. Throws std::system_error naming it.
  explicit SharedCounts(const std::string& path);
  ~SharedCounts();
  SharedCounts(const SharedCounts&) = delete;
  SharedCounts& operator=(const SharedCounts&) = delete;

  /// One more call of (arch, nr). False when the table is full (it holds more
  /// syscalls than any profile names).
  bool add(std::uint32_t arch, int nr, const Verdict& verdict, CallClass klass);

  [[nodiscard]] std::vector<SharedCount> counts() const;

  /// Where the kernel is to write the next notification of `slot` (`size`
  /// bytes, zeroed): received there, it outlives a kill before begin().
  [[nodiscard]] void* landing(std::uint32_t slot, std::size_t size);

  void begin(std::uint32_t slot, const Notification& notification);
  void mark_counted();
  void end();
  /// The notification of the last worker that was killed between landing() (once
  /// the kernel wrote it) and end().
  [[nodiscard]] std::optional<InFlight> in_flight() const;

 private:
  struct Layout;
  Layout* map_ = nullptr;
};

}  // namespace common
