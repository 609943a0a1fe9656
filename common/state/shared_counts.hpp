// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "linux/seccomp_notify.hpp"
#include "profile/seccomp_profile.hpp"
#include "profile/stop_policy.hpp"

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
  int record = 0;          ///< where it is kept (see SharedCounts::claim)
  std::uint32_t slot = 0;  ///< the supervisor's number of its notify fd
  Notification notification;
  bool counted = false;  ///< its count is in the table already
};

/// The counts of a container's forbidden syscalls in a file of the state dir
/// (tmpfs), mapped shared: each is updated before the call is answered, so a
/// worker killed at any instant loses no answered call, and the next one goes on
/// from them. Also the notifications in flight: one record for each notify fd
/// being served (each by a thread of its own), up to kRecords. One worker at a
/// time; the counts are written under its lock, each record by its own thread.
/// Fixed size, no allocation once open. A file of the first version (one record)
/// is grown in place.
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

  static constexpr int kRecords = 64;
  static constexpr int kNoRecord = -1;

  /// A free record for one notify fd's thread, until release(); kNoRecord when
  /// all are taken (that fd's notifications are then not kept: a kill in the
  /// window costs its caller ENOSYS). A record that still holds a notification of
  /// the worker before stays taken until end().
  [[nodiscard]] int claim();
  void release(int record);

  /// Where the kernel is to write the next notification of `slot` (`size`
  /// bytes, zeroed): received there, it outlives a kill before begin().
  /// nullptr for kNoRecord.
  [[nodiscard]] void* landing(int record, std::uint32_t slot, std::size_t size);

  void begin(int record, std::uint32_t slot, const Notification& notification);
  void mark_counted(int record);
  void end(int record);
  /// Ends every record: a worker that will not answer what the one before held.
  void end_all();
  /// The notifications of workers that were killed between landing() (once the
  /// kernel wrote it) and end().
  [[nodiscard]] std::vector<InFlight> in_flight() const;

  /// The size of a file of the first version (one record), which is grown.
  [[nodiscard]] static std::size_t first_version_size();

 private:
  struct Layout;
  struct Record;
  [[nodiscard]] Record& record(int index) const;
  [[nodiscard]] std::optional<InFlight> held(int index) const;

  Layout* map_ = nullptr;
  bool claimed_[kRecords] = {};
};

}  // namespace common
