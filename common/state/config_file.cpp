// SPDX-License-Identifier: Apache-2.0
#include "state/config_file.hpp"

#include <sys/stat.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include "state/paths.hpp"

#ifndef SECCOMP_WITNESS_LIBEXECDIR
#define SECCOMP_WITNESS_LIBEXECDIR "/usr/local/libexec/seccomp-witness"
#endif

namespace common {
namespace {

std::string where(const std::string& path, const toml::source_region& region) {
  return path + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

void read_string(const toml::table& table, std::string_view key, std::string& out, const std::string& path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const auto* value = node->as_string();
  if (value == nullptr) throw ConfigError(where(path, node->source()) + ": " + std::string(key) + " must be a string");
  out = value->get();
}

void read_bool(const toml::table& table, std::string_view key, bool& out, const std::string& path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  const auto* value = node->as_boolean();
  if (value == nullptr)
    throw ConfigError(where(path, node->source()) + ": " + std::string(key) + " must be true or false");
  out = value->get();
}

/// A number of records or seconds: an integer from 0 to a million.
std::int64_t read_count(const toml::table& table, std::string_view key, std::int64_t fallback,
                        const std::string& path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_integer();
  if (value == nullptr || value->get() < 0 || value->get() > 1000000)
    throw ConfigError(where(path, node->source()) + ": " + std::string(key) +
                      " must be a whole number from 0 to 1000000");
  return value->get();
}

/// A whole number from `least` to `most` (a size in bytes, a number of fds).
std::uint64_t read_number(const toml::table& table, std::string_view key, std::uint64_t fallback, std::uint64_t least,
                          std::uint64_t most, const std::string& path) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_integer();
  if (value == nullptr || value->get() < 0 || static_cast<std::uint64_t>(value->get()) < least ||
      static_cast<std::uint64_t>(value->get()) > most)
    throw ConfigError(where(path, node->source()) + ": " + std::string(key) + " must be a whole number from " +
                      std::to_string(least) + " to " + std::to_string(most));
  return static_cast<std::uint64_t>(value->get());
}

}  // namespace

std::string config_file_path() {
  const char* env = std::getenv("SECCOMP_WITNESS_CONFIG");
  return env != nullptr && *env != '\0' ? env : std::string(kDefaultConfigPath);
}

Config default_config() {
  return Config{"",
                std::string(kDefaultStateRoot),
                SECCOMP_WITNESS_LIBEXECDIR "/seccomp-witness-monitor",
                CoverageMode::kFull,
                "",
                false,
                kDefaultStopWithinSeconds,
                StopPolicy{},
                Retention{}};
}

Config load_config(const std::string& path) {
  Config config = default_config();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return config;
    throw ConfigError("stat '" + path + "': " + std::strerror(errno));
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(where(path, e.source()) + ": " + std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    static constexpr std::string_view kKnown[] = {"runtime",
                                                  "state_dir",
                                                  "monitor",
                                                  "coverage",
                                                  "rules_file",
                                                  "ignore",
                                                  "stop_on_probes",
                                                  "past_records_max",
                                                  "past_records_seconds",
                                                  "past_records_bytes",
                                                  "carry_out_from_annotation",
                                                  "stop_within_seconds",
                                                  "events_max_bytes",
                                                  "notify_fds_per_container",
                                                  "notify_fds_per_node",
                                                  "kill_records"};
    if (std::find(std::begin(kKnown), std::end(kKnown), key.str()) == std::end(kKnown))
      throw ConfigError(where(path, node.source()) + ": unknown key '" + std::string(key.str()) + "'");
  }
  read_string(table, "runtime", config.runtime, path);
  read_string(table, "state_dir", config.state_root, path);
  read_string(table, "monitor", config.monitor, path);
  read_string(table, "rules_file", config.rules_file, path);
  std::string coverage;
  read_string(table, "coverage", coverage, path);
  if (!coverage.empty()) {
    const auto mode = parse_coverage_mode(coverage);
    if (!mode)
      throw ConfigError(where(path, table.get("coverage")->source()) + ": coverage must be \"named\" or \"full\"");
    config.coverage = *mode;
  }
  config.retention.max_records = static_cast<std::size_t>(
      read_count(table, "past_records_max", static_cast<std::int64_t>(config.retention.max_records), path));
  config.retention.max_age =
      std::chrono::seconds(read_count(table, "past_records_seconds", config.retention.max_age.count(), path));
  config.retention.max_bytes =
      read_number(table, "past_records_bytes", config.retention.max_bytes, 0, std::uint64_t{1} << 40, path);
  config.events_max_bytes =
      read_number(table, "events_max_bytes", config.events_max_bytes, 4096, std::uint64_t{1} << 30, path);
  config.notify_fds_per_container = static_cast<std::uint32_t>(
      read_number(table, "notify_fds_per_container", config.notify_fds_per_container, 1, kMaxNotifyFds, path));
  config.notify_fds_per_node = static_cast<std::uint32_t>(
      read_number(table, "notify_fds_per_node", config.notify_fds_per_node, 1, 1000000, path));
  read_bool(table, "stop_on_probes", config.stop_policy.stop_on_probes, path);
  read_bool(table, "kill_records", config.kill_records, path);
  read_bool(table, "carry_out_from_annotation", config.carry_out_from_annotation, path);
  if (const toml::node* node = table.get("stop_within_seconds")) {
    const auto value = node->value<double>();  // an integer or a float
    if (!value || *value < 0 || *value > kMaxStopWithinSeconds)
      throw ConfigError(where(path, node->source()) + ": stop_within_seconds must be a number from 0 to 86400");
    config.stop_within_seconds = *value;
  }
  if (const toml::node* node = table.get("ignore")) {
    const auto* list = node->as_array();
    if (list == nullptr) throw ConfigError(where(path, node->source()) + ": ignore must be an array of syscall names");
    for (const toml::node& item : *list) {
      const auto* name = item.as_string();
      const auto names = name != nullptr ? parse_syscall_list(name->get()) : std::nullopt;
      if (!names || names->size() != 1)
        throw ConfigError(where(path, item.source()) + ": ignore must hold syscall names such as \"clone3\"");
      config.stop_policy.ignored.push_back(names->front());
    }
  }
  return config;
}

}  // namespace common
