// SPDX-License-Identifier: Apache-2.0
#include "state/past_records.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "sys_error.hpp"

namespace common {
namespace {

namespace fs = std::filesystem;

/// The time a record was retired, from the fixed-width number after its last '@'.
std::chrono::nanoseconds retired_at(const fs::path& record) {
  const std::string name = record.filename().string();
  const auto at = name.rfind('@');
  return std::chrono::nanoseconds(at == std::string::npos ? 0 : std::atoll(name.c_str() + at + 1));
}

/// The bytes a record's files take (they are flat, on a tmpfs).
std::uint64_t bytes_in(const fs::path& record) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(record, ec)) {
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) == 0) total += static_cast<std::uint64_t>(st.st_blocks) * 512;
  }
  return total;
}

}  // namespace

std::string past_root(std::string_view state_root) {
  return std::string(state_root) + "/" + std::string(kPastDirName);
}

void prune_past_records(std::string_view state_root, const Retention& retention) {
  std::vector<fs::path> records;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(past_root(state_root), ec)) records.push_back(entry.path());
  std::sort(records.begin(), records.end(),
            [](const fs::path& a, const fs::path& b) { return retired_at(a) < retired_at(b); });
  const auto oldest_kept = std::chrono::system_clock::now().time_since_epoch() - retention.max_age;
  std::vector<std::uint64_t> sizes;
  std::uint64_t total = 0;
  for (const fs::path& record : records) total += sizes.emplace_back(bytes_in(record));
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records.size() - i > retention.max_records || retired_at(records[i]) < oldest_kept ||
        total > retention.max_bytes) {
      fs::remove_all(records[i], ec);
      total -= sizes[i];
    }
  }
}

void retire_state_dir(std::string_view state_root, std::string_view id, const std::string& state_dir,
                      const Retention& retention) {
  const std::string root = past_root(state_root);
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) throw_errno("mkdir", root);
  const auto now =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch());
  char stamp[24];
  std::snprintf(stamp, sizeof stamp, "%020lld", static_cast<long long>(now.count()));
  const std::string target = root + "/" + std::string(id) + "@" + stamp;
  if (::rename(state_dir.c_str(), target.c_str()) != 0) throw_errno("rename", state_dir);
  prune_past_records(state_root, retention);
}

}  // namespace common
