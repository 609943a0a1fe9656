#include "shared_counts.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <seccomp.h>

#include <atomic>
#include <cstring>

#include "sys_error.hpp"
#include "unique_fd.hpp"

namespace common {
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

struct Slot {
  std::uint32_t state;  ///< 0 empty, 1 received, 2 counted, 3 receiving into `landing`
  std::uint32_t slot;
  Notification notification;
  alignas(8) unsigned char landing[kLandingBytes];
};

std::uint64_t key_of(std::uint32_t arch, int nr) {
  return ((static_cast<std::uint64_t>(arch) << 32) | static_cast<std::uint32_t>(nr)) + 1;
}

/// The stores before it reach the mapping before the answer the caller sees.
void publish() {
  std::atomic_thread_fence(std::memory_order_release);
}

}  // namespace

struct SharedCounts::Layout {
  std::uint64_t magic;
  Slot in_flight;
  Entry entries[kCapacity];
};

SharedCounts::SharedCounts(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) throw_errno("open", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("fstat", path);
  const bool fresh = st.st_size == 0;
  if (fresh && ::ftruncate(fd.get(), sizeof(Layout)) != 0) throw_errno("ftruncate", path);
  if (!fresh && static_cast<std::size_t>(st.st_size) != sizeof(Layout))
    throw sys_error(EINVAL, "not a counts file of this version:", path);
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

void* SharedCounts::landing(std::uint32_t slot, std::size_t size) {
  if (size > kLandingBytes) return nullptr;  // a kernel of the future: our own buffer, and the window stays
  map_->in_flight.state = 0;
  publish();
  map_->in_flight.slot = slot;
  std::memset(map_->in_flight.landing, 0, size);
  publish();
  map_->in_flight.state = 3;
  publish();
  return map_->in_flight.landing;
}

void SharedCounts::begin(std::uint32_t slot, const Notification& notification) {
  map_->in_flight.slot = slot;
  map_->in_flight.notification = notification;
  publish();
  map_->in_flight.state = 1;
  publish();
}

void SharedCounts::mark_counted() {
  map_->in_flight.state = 2;
  publish();
}

void SharedCounts::end() {
  map_->in_flight.state = 0;
  publish();
}

std::optional<InFlight> SharedCounts::in_flight() const {
  const Slot& s = map_->in_flight;
  if (s.state == 0) return std::nullopt;
  if (s.state == 3) {
    // Killed in or right after the receive: the kernel's copy is all there is.
    seccomp_notif request{};
    std::memcpy(&request, s.landing, sizeof request);
    if (request.pid == 0) return std::nullopt;  // nothing had come
    return InFlight{s.slot, to_notification(request), false};
  }
  return InFlight{s.slot, s.notification, s.state == 2};
}

}  // namespace common
