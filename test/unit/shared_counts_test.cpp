// SPDX-License-Identifier: Apache-2.0
#include "state/shared_counts.hpp"

#include <gtest/gtest.h>
#include <seccomp.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

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

Notification chroot_call(std::uint64_t id) {
  Notification n;
  n.id = id;
  n.pid = 1234;
  n.arch = kX86_64;
  n.nr = kChroot;
  n.args = {1, 2, 3, 4, 5, 6};
  return n;
}

TEST(SharedCounts, TheNotificationInHand) {
  test::TempDir dir;
  {
    SharedCounts counts(dir / "counts");
    EXPECT_TRUE(counts.in_flight().empty());
    const int record = counts.claim();
    ASSERT_NE(record, SharedCounts::kNoRecord);
    counts.begin(record, 5, chroot_call(77));
  }
  {
    SharedCounts counts(dir / "counts");
    const auto in = counts.in_flight();
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].slot, 5u);
    EXPECT_EQ(in[0].notification.id, 77u);
    EXPECT_EQ(in[0].notification.args[5], 6u);
    EXPECT_FALSE(in[0].counted);
    counts.mark_counted(in[0].record);
  }
  SharedCounts counts(dir / "counts");
  ASSERT_EQ(counts.in_flight().size(), 1u);
  EXPECT_TRUE(counts.in_flight()[0].counted) << "the next worker must not count it again";
  EXPECT_NE(counts.claim(), counts.in_flight()[0].record) << "a record in hand is not given out";
  counts.end(counts.in_flight()[0].record);
  EXPECT_TRUE(counts.in_flight().empty());
}

TEST(SharedCounts, EachNotifyFdHasARecordOfItsOwn) {
  test::TempDir dir;
  {
    SharedCounts counts(dir / "counts");
    const int a = counts.claim();
    const int b = counts.claim();
    ASSERT_NE(a, b);
    counts.begin(a, 1, chroot_call(10));
    counts.begin(b, 2, chroot_call(20));
    counts.mark_counted(b);
  }
  SharedCounts counts(dir / "counts");
  auto in = counts.in_flight();
  ASSERT_EQ(in.size(), 2u);
  std::sort(in.begin(), in.end(), [](const InFlight& x, const InFlight& y) { return x.slot < y.slot; });
  EXPECT_EQ(in[0].notification.id, 10u);
  EXPECT_FALSE(in[0].counted);
  EXPECT_EQ(in[1].notification.id, 20u);
  EXPECT_TRUE(in[1].counted);
  counts.end_all();
  EXPECT_TRUE(counts.in_flight().empty());
  // Once all are taken, a thread goes without one.
  for (int i = 0; i < SharedCounts::kRecords; ++i) EXPECT_NE(counts.claim(), SharedCounts::kNoRecord);
  EXPECT_EQ(counts.claim(), SharedCounts::kNoRecord);
  EXPECT_EQ(counts.landing(SharedCounts::kNoRecord, 1, sizeof(seccomp_notif)), nullptr);
}

TEST(SharedCounts, ANotificationTheKernelWroteIntoTheLanding) {
  test::TempDir dir;
  {
    SharedCounts counts(dir / "counts");
    const int record = counts.claim();
    void* landing = counts.landing(record, 3, sizeof(seccomp_notif));
    ASSERT_NE(landing, nullptr);
    EXPECT_TRUE(counts.in_flight().empty()) << "nothing received yet";
    seccomp_notif request{};  // what SECCOMP_IOCTL_NOTIF_RECV writes
    request.id = 99;
    request.pid = 4321;
    request.data.nr = kChroot;
    request.data.arch = kX86_64;
    std::memcpy(landing, &request, sizeof request);
  }  // killed right after the ioctl returned
  const SharedCounts counts(dir / "counts");
  const auto in = counts.in_flight();
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].slot, 3u);
  EXPECT_EQ(in[0].notification.id, 99u);
  EXPECT_EQ(in[0].notification.nr, kChroot);
  EXPECT_FALSE(in[0].counted);
}

TEST(SharedCounts, AFileOfTheFirstVersionIsGrownAsItStands) {
  test::TempDir dir;
  {
    SharedCounts counts(dir / "counts");
    EXPECT_TRUE(counts.add(kX86_64, kChroot, Verdict{}, CallClass::kViolation));
    counts.begin(counts.claim(), 7, chroot_call(5));  // the first record: where the first version kept its one
  }
  ASSERT_EQ(::truncate((dir / "counts").c_str(), static_cast<off_t>(SharedCounts::first_version_size())), 0);
  SharedCounts counts(dir / "counts");
  ASSERT_EQ(counts.counts().size(), 1u);
  EXPECT_EQ(counts.counts()[0].count, 1u);
  ASSERT_EQ(counts.in_flight().size(), 1u);
  EXPECT_EQ(counts.in_flight()[0].notification.id, 5u);
  EXPECT_GT(std::filesystem::file_size(dir / "counts"), SharedCounts::first_version_size()) << "grown";
}

TEST(SharedCounts, AFileOfAnotherKindIsRefused) {
  test::TempDir dir;
  std::ofstream(dir / "counts") << "not ours";
  EXPECT_THROW(SharedCounts(dir / "counts"), std::system_error);
}

}  // namespace
}  // namespace common
