#include "shared_counts.hpp"

#include <gtest/gtest.h>
#include <seccomp.h>

#include <cstring>

#include <fstream>

#include "temp_dir.hpp"

namespace common {
namespace {

constexpr std::uint32_t kX86_64 = 0xc000003e;
constexpr int kChroot = 161;
constexpr int kClone3 = 435;

TEST(SharedCounts, CountsSurviveTheProcessThatMappedThem) {
  test::TempDir dir;
  {
    SharedCounts counts(dir / "counts");
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(counts.add(kX86_64, kChroot, Verdict{}, CallClass::kViolation));
    EXPECT_TRUE(counts.add(kX86_64, kClone3, Verdict{Verdict::Kind::kErrno, 38}, CallClass::kProbe));
  }
  const SharedCounts again(dir / "counts");  // a worker started after the first was killed
  auto all = again.counts();
  ASSERT_EQ(all.size(), 2u);
  std::sort(all.begin(), all.end(), [](const SharedCount& a, const SharedCount& b) { return a.nr < b.nr; });
  EXPECT_EQ(all[0].nr, kChroot);
  EXPECT_EQ(all[0].arch, kX86_64);
  EXPECT_EQ(all[0].count, 3u);
  EXPECT_EQ(all[0].violations, 3u);
  EXPECT_EQ(all[1].count, 1u);
  EXPECT_EQ(all[1].violations, 0u);
  EXPECT_EQ(all[1].verdict.errno_value, 38);
  EXPECT_EQ(all[1].klass, CallClass::kProbe);
}

TEST(SharedCounts, TheNotificationInHand) {
  test::TempDir dir;
  Notification n;
  n.id = 77;
  n.pid = 1234;
  n.arch = kX86_64;
  n.nr = kChroot;
  n.args = {1, 2, 3, 4, 5, 6};
  {
    SharedCounts counts(dir / "counts");
    EXPECT_FALSE(counts.in_flight());
    counts.begin(5, n);
  }
  {
    SharedCounts counts(dir / "counts");
    const auto in = counts.in_flight();
    ASSERT_TRUE(in);
    EXPECT_EQ(in->slot, 5u);
    EXPECT_EQ(in->notification.id, 77u);
    EXPECT_EQ(in->notification.args[5], 6u);
    EXPECT_FALSE(in->counted);
    counts.mark_counted();
  }
  SharedCounts counts(dir / "counts");
  ASSERT_TRUE(counts.in_flight());
  EXPECT_TRUE(counts.in_flight()->counted) << "the next worker must not count it again";
  counts.end();
  EXPECT_FALSE(counts.in_flight());
}

TEST(SharedCounts, ANotificationTheKernelWroteIntoTheLanding) {
  test::TempDir dir;
  {
    SharedCounts counts(dir / "counts");
    void* landing = counts.landing(3, sizeof(seccomp_notif));
    ASSERT_NE(landing, nullptr);
    EXPECT_FALSE(counts.in_flight()) << "nothing received yet";
    seccomp_notif request{};  // what SECCOMP_IOCTL_NOTIF_RECV writes
    request.id = 99;
    request.pid = 4321;
    request.data.nr = kChroot;
    request.data.arch = kX86_64;
    std::memcpy(landing, &request, sizeof request);
  }  // killed right after the ioctl returned
  const SharedCounts counts(dir / "counts");
  const auto in = counts.in_flight();
  ASSERT_TRUE(in);
  EXPECT_EQ(in->slot, 3u);
  EXPECT_EQ(in->notification.id, 99u);
  EXPECT_EQ(in->notification.nr, kChroot);
  EXPECT_FALSE(in->counted);
}

TEST(SharedCounts, AFileOfAnotherKindIsRefused) {
  test::TempDir dir;
  std::ofstream(dir / "counts") << "not ours";
  EXPECT_THROW(SharedCounts(dir / "counts"), std::system_error);
}

}  // namespace
}  // namespace common
