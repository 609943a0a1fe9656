// SPDX-License-Identifier: Apache-2.0
#include "state/shared_counts.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <seccomp.h>

#include <atomic>
#include <cstddef>
#include <cstring>

#include "state/config_file.hpp"
#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {

static_assert(SharedCounts::kRecords >= kMaxNotifyFds, "every notify fd a monitor may serve has a record of its own");

namespace {

constexpr std::uint64_t kMagic = 0x7377636f756e7431;  // "swcount1"
constexpr std::size_t kCapacity = 2048;               // syscalls: x86_64, x32 and i386 together are ~1200

struct Entry {
  std::uint64_t key;  ///< (arch << 32 | nr) + 1; 0: free
  std::uint64_t count;
  std::uint64_t violations;
  std::int32_t errno_value;
  std::uint8_t kind;
  std::uint8_t klass;
  std::uint8_t pad[2];
};

constexpr std::size_t kLandingBytes = 512;  // struct seccomp_notif is 80 bytes on Linux 6.x

}  // namespace

/// Where an in-flight record stands. Its values are what the shared file holds
/// (a worker started again reads what the one before wrote): never renumber.
enum class RecordState : std::uint32_t {
  kEmpty = 0,      ///< no notification
  kReceived = 1,   ///< received, not yet counted
  kCounted = 2,    ///< counted, not yet answered
  kReceiving = 3,  ///< being received into `landing`
};

struct SharedCounts::Record {
  RecordState state;
  std::uint32_t slot;
  Notification notification;
  alignas(8) unsigned char landing[kLandingBytes];
};

namespace {

std::uint64_t key_of(std::uint32_t arch, int nr) {
  return ((static_cast<std::uint64_t>(arch) << 32) | static_cast<std::uint32_t>(nr)) + 1;
}

/// The stores before it reach the mapping before the answer the caller sees.
void publish() {
  std::atomic_thread_fence(std::memory_order_release);
}

}  // namespace

// The first version had one record, before the entries; the others follow them,
// so that a file of a worker before an upgrade is read as it stands.
struct SharedCounts::Layout {
  std::uint64_t magic;
  Record first;
  Entry entries[kCapacity];
  Record more[kRecords - 1];
};

SharedCounts::SharedCounts(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) throw_errno("open", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("fstat", path);
  const bool fresh = st.st_size == 0;
  const auto size = static_cast<std::size_t>(st.st_size);
  if (!fresh && size != sizeof(Layout) && size != first_version_size())
    throw sys_error(EINVAL, "not a counts file of this version:", path);
  if (size != sizeof(Layout) && ::ftruncate(fd.get(), sizeof(Layout)) != 0) throw_errno("ftruncate", path);
  void* at = ::mmap(nullptr, sizeof(Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (at == MAP_FAILED) throw_errno("mmap", path);
  map_ = static_cast<Layout*>(at);
  if (fresh) map_->magic = kMagic;
  if (map_->magic != kMagic) {
    ::munmap(map_, sizeof(Layout));
    throw sys_error(EINVAL, "not a counts file:", path);
  }
}

SharedCounts::~SharedCounts() {
  ::munmap(map_, sizeof(Layout));
}

bool SharedCounts::add(std::uint32_t arch, int nr, const Verdict& verdict, CallClass klass) {
  const std::uint64_t key = key_of(arch, nr);
  for (std::size_t probe = 0; probe < kCapacity; ++probe) {
    Entry& e = map_->entries[(key * 0x9e3779b97f4a7c15ULL + probe) % kCapacity];
    if (e.key != key && e.key != 0) continue;
    if (e.key == 0) {
      e.errno_value = verdict.errno_value;
      e.kind = static_cast<std::uint8_t>(verdict.kind);
      e.klass = static_cast<std::uint8_t>(klass);
      e.key = key;
    }
    ++e.count;
    if (klass == CallClass::kViolation) {
      ++e.violations;
      e.klass = static_cast<std::uint8_t>(klass);
    }
    publish();
    return true;
  }
  return false;
}

std::vector<SharedCount> SharedCounts::counts() const {
  std::vector<SharedCount> out;
  for (const Entry& e : map_->entries) {
    if (e.key == 0) continue;
    SharedCount c;
    c.arch = static_cast<std::uint32_t>((e.key - 1) >> 32);
    c.nr = static_cast<int>(static_cast<std::uint32_t>(e.key - 1));
    c.count = e.count;
    c.violations = e.violations;
    c.verdict = Verdict{static_cast<Verdict::Kind>(e.kind), e.errno_value};
    c.klass = static_cast<CallClass>(e.klass);
    out.push_back(c);
  }
  return out;
}

std::size_t SharedCounts::first_version_size() {
  return offsetof(Layout, more);
}

SharedCounts::Record& SharedCounts::record(int index) const {
  return index == 0 ? map_->first : map_->more[index - 1];
}

int SharedCounts::claim() {
  for (int i = 0; i < kRecords; ++i) {
    if (claimed_[i] || held(i)) continue;
    claimed_[i] = true;
    return i;
  }
  return kNoRecord;
}

void SharedCounts::release(int index) {
  if (index >= 0 && index < kRecords) claimed_[index] = false;
}

void* SharedCounts::landing(int index, std::uint32_t slot, std::size_t size) {
  // A kernel of the future with a larger notification: our own buffer, and the window stays.
  if (index == kNoRecord || size > kLandingBytes) return nullptr;
  Record& r = record(index);
  r.state = RecordState::kEmpty;
  publish();
  r.slot = slot;
  std::memset(r.landing, 0, size);
  publish();
  r.state = RecordState::kReceiving;
  publish();
  return r.landing;
}

void SharedCounts::begin(int index, std::uint32_t slot, const Notification& notification) {
  if (index == kNoRecord) return;
  Record& r = record(index);
  r.slot = slot;
  r.notification = notification;
  publish();
  r.state = RecordState::kReceived;
  publish();
}

void SharedCounts::mark_counted(int index) {
  if (index == kNoRecord) return;
  record(index).state = RecordState::kCounted;
  publish();
}

void SharedCounts::end(int index) {
  if (index == kNoRecord) return;
  record(index).state = RecordState::kEmpty;
  publish();
}

void SharedCounts::end_all() {
  for (int i = 0; i < kRecords; ++i) end(i);
}

std::optional<InFlight> SharedCounts::held(int index) const {
  const Record& r = record(index);
  if (r.state == RecordState::kEmpty) return std::nullopt;
  if (r.state == RecordState::kReceiving) {
    // Killed in or right after the receive: the kernel's copy is all there is.
    seccomp_notif request{};
    std::memcpy(&request, r.landing, sizeof request);
    if (request.pid == 0) return std::nullopt;  // nothing had come
    return InFlight{index, r.slot, to_notification(request), false};
  }
  return InFlight{index, r.slot, r.notification, r.state == RecordState::kCounted};
}

std::vector<InFlight> SharedCounts::in_flight() const {
  std::vector<InFlight> out;
  for (int i = 0; i < kRecords; ++i)
    if (auto in = held(i)) out.push_back(*in);
  return out;
}

}  // namespace common
