// SPDX-License-Identifier: Apache-2.0
#include "caller_credentials.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "linux/proc_status.hpp"

namespace hooks {
namespace {

/// True when the namespace links differ: the caller is in one of its own.
bool other_namespace(const std::string& proc, const char* kind) {
  struct stat theirs {};
  struct stat ours {};
  const std::string link = proc + "/ns/" + kind;
  if (::stat(link.c_str(), &theirs) != 0 || ::stat((std::string("/proc/self/ns/") + kind).c_str(), &ours) != 0)
    throw std::runtime_error("stat '" + link + "' failed");
  return theirs.st_ino != ours.st_ino || theirs.st_dev != ours.st_dev;
}

std::string label_of(const std::string& proc) {
  // EINVAL where no LSM labels tasks: no label, as for the monitor.
  auto text = common::read_proc_file(proc + "/attr/current", 4096).value_or("");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

std::array<std::uint32_t, 3> ids_inside(const std::array<std::uint32_t, 3>& outside, const std::string& map_path) {
  const auto map = common::read_proc_file(map_path, 4096);
  if (!map) throw std::runtime_error("cannot read '" + map_path + "'");
  std::array<std::uint32_t, 3> inside{};
  for (std::size_t i = 0; i < inside.size(); ++i) {
    const auto id = id_inside(*map, outside[i]);
    if (!id) throw std::runtime_error("id " + std::to_string(outside[i]) + " is not mapped in '" + map_path + "'");
    inside[i] = *id;
  }
  return inside;
}

}  // namespace

std::optional<std::uint32_t> id_inside(std::string_view map, std::uint32_t outside) {
  while (!map.empty()) {
    const std::size_t end = std::min(map.find('\n'), map.size());
    std::string_view line = map.substr(0, end);
    map.remove_prefix(std::min(end + 1, map.size()));
    std::array<std::uint64_t, 3> field{};
    std::size_t count = 0;
    while (count < field.size()) {
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      const std::size_t stop = std::min(line.find(' '), line.size());
      const auto value = common::parse_number(line.substr(0, stop));
      if (!value) break;
      field[count++] = *value;
      line.remove_prefix(stop);
    }
    if (count != field.size()) continue;
    const auto [first_inside, first_outside, length] = field;
    if (outside >= first_outside && outside - first_outside < length)
      return static_cast<std::uint32_t>(first_inside + (outside - first_outside));
  }
  return std::nullopt;
}

std::optional<std::array<std::uint32_t, 3>> parse_ids(std::string_view line) {
  std::array<std::uint32_t, 3> ids{};
  for (auto& id : ids) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    const std::size_t stop = std::min(line.find_first_of(" \t"), line.size());
    const auto value = common::parse_number(line.substr(0, stop));
    if (!value || *value > UINT32_MAX) return std::nullopt;
    id = static_cast<std::uint32_t>(*value);
    line.remove_prefix(stop);
  }
  return ids;
}

bool confined_unlike(std::string_view caller, std::string_view own) {
  const auto unconfined = [](std::string_view label) { return label.empty() || label == "unconfined"; };
  return caller != own && !(unconfined(caller) && unconfined(own));
}

CallerCredentials read_caller_credentials(pid_t tid) {
  const std::string proc = "/proc/" + std::to_string(tid);
  const auto status = common::read_proc_status(tid);
  if (!status) throw std::runtime_error("'" + proc + "/status' is gone");
  const auto uid_line = common::status_field(*status, "Uid");
  const auto gid_line = common::status_field(*status, "Gid");
  const auto cap_line = common::status_field(*status, "CapEff");
  const auto uids = uid_line ? parse_ids(*uid_line) : std::nullopt;
  const auto gids = gid_line ? parse_ids(*gid_line) : std::nullopt;
  const auto caps = cap_line ? common::parse_number(*cap_line, 16) : std::nullopt;
  if (!uids || !gids || !caps) throw std::runtime_error("'" + proc + "/status' lacks Uid, Gid or CapEff");

  CallerCredentials creds;
  creds.own_user_namespace = other_namespace(proc, "user");
  creds.own_network_namespace = other_namespace(proc, "net");
  creds.cap_effective = *caps;
  // /proc shows ids as the monitor's namespace counts them; the helper that
  // joins the caller's namespace sets them as that namespace counts them.
  creds.uids = creds.own_user_namespace ? ids_inside(*uids, proc + "/uid_map") : *uids;
  creds.gids = creds.own_user_namespace ? ids_inside(*gids, proc + "/gid_map") : *gids;
  creds.lsm_label = label_of(proc);
  return creds;
}

const std::string& own_lsm_label() {
  static const std::string label = label_of("/proc/self");
  return label;
}

}  // namespace hooks
