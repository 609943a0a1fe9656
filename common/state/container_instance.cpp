// SPDX-License-Identifier: Apache-2.0
#include "state/container_instance.hpp"

#include <fcntl.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "state/state_files.hpp"
#include "unique_fd.hpp"

namespace common {
namespace {

/// Fields to skip after the command's closing parenthesis of /proc/<pid>/stat
/// (which is followed by field 3) to reach the start time, field 22.
constexpr int kStartTimeField = 22 - 3;

}  // namespace

std::string to_json(const ContainerInstance& instance) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("runtimeRoot");
  w.String(instance.runtime_root.data(), static_cast<rapidjson::SizeType>(instance.runtime_root.size()));
  w.Key("pid");
  w.Int64(instance.pid);
  w.Key("startTime");
  w.Uint64(instance.start_time);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

ContainerInstance parse_container_instance(std::string_view text, std::string_view origin) {
  const rapidjson::Document doc = parse_json(text, origin);
  const auto* root = doc.IsObject() ? find_field(doc, "runtimeRoot", origin) : nullptr;
  const auto* pid = doc.IsObject() ? find_field(doc, "pid", origin) : nullptr;
  const auto* start = doc.IsObject() ? find_field(doc, "startTime", origin) : nullptr;
  if (root == nullptr || !root->IsString() || pid == nullptr || !pid->IsInt() || start == nullptr || !start->IsUint64())
    throw JsonError("'" + std::string(origin) + "': not a container instance record");
  return ContainerInstance{std::string(root->GetString(), root->GetStringLength()), pid->GetInt(), start->GetUint64()};
}

std::optional<ContainerInstance> read_container_instance(const std::string& state_dir) {
  const std::string path = state_dir + "/" + kInstanceFile;
  try {
    return parse_container_instance(read_regular_file(path, 64 * 1024), path);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void write_container_instance(const std::string& state_dir, const ContainerInstance& instance) {
  write_file_atomically(state_dir + "/" + kInstanceFile, to_json(instance), 0644);
}

std::string normalized_root(std::string_view root) {
  if (root.empty()) return {};
  std::string path = std::filesystem::path(root).lexically_normal().string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

namespace {

/// /proc/<pid>/stat after the command's closing parenthesis: " S ppid ...",
/// starting at field 3 (the state); empty when the process is gone.
std::string stat_fields(int pid) {
  if (pid <= 0) return {};
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return {};
  char buf[1024];
  ssize_t n = 0;
  while ((n = ::read(fd.get(), buf, sizeof buf)) < 0 && errno == EINTR) {
  }
  if (n <= 0) return {};
  const std::string_view stat(buf, static_cast<std::size_t>(n));
  // The command may hold blanks and parentheses; the fields follow the last ')'.
  const auto paren = stat.rfind(')');
  return paren == std::string_view::npos ? std::string() : std::string(stat.substr(paren + 1));
}

std::optional<std::uint64_t> start_time_of(std::string_view stat) {
  for (int field = 0; field < kStartTimeField; ++field) {
    const auto blank = stat.find(' ', 1);
    if (blank == std::string_view::npos) return std::nullopt;
    stat.remove_prefix(blank);
  }
  if (stat.empty()) return std::nullopt;
  stat.remove_prefix(1);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(stat.data(), stat.data() + stat.size(), value);
  if (ec != std::errc()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint64_t> process_start_time(int pid) {
  return start_time_of(stat_fields(pid));
}

bool instance_running(const ContainerInstance& instance) {
  const std::string stat = stat_fields(instance.pid);
  // A zombie has ended: its parent (conmon, the shim) has only not reaped it yet.
  if (stat.size() < 2 || stat[1] == 'Z' || stat[1] == 'X') return false;
  const auto start = start_time_of(stat);
  return start && *start == instance.start_time;
}

}  // namespace common
