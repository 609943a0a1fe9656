#include "past_records.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "sys_error.hpp"

namespace common {
namespace {

namespace fs = std::filesystem;

void prune(const std::string& root) {
  std::vector<fs::path> records;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) records.push_back(entry.path());
  if (records.size() <= kMaxPastRecords) return;
  // The name ends in the time it was retired, as a fixed-width number.
  std::sort(records.begin(), records.end(), [](const fs::path& a, const fs::path& b) {
    const std::string x = a.filename().string();
    const std::string y = b.filename().string();
    return x.substr(x.rfind('@') + 1) < y.substr(y.rfind('@') + 1);
  });
  for (std::size_t i = 0; i + kMaxPastRecords < records.size(); ++i) fs::remove_all(records[i], ec);
}

}  // namespace

std::string past_root(std::string_view state_root) {
  return std::string(state_root) + "/" + std::string(kPastDirName);
}

void retire_state_dir(std::string_view state_root, std::string_view id, const std::string& state_dir) {
  const std::string root = past_root(state_root);
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) throw_errno("mkdir", root);
  const auto now =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch());
  char stamp[24];
  std::snprintf(stamp, sizeof stamp, "%020lld", static_cast<long long>(now.count()));
  const std::string target = root + "/" + std::string(id) + "@" + stamp;
  if (::rename(state_dir.c_str(), target.c_str()) != 0) throw_errno("rename", state_dir);
  prune(root);
}

}  // namespace common
