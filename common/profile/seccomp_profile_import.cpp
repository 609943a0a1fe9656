// SPDX-License-Identifier: Apache-2.0
#include "profile/seccomp_profile_import.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "json_doc.hpp"

namespace common {
namespace {

using rapidjson::Value;

/// includes/excludes.arches use Go's GOARCH names.
std::string_view go_arch(std::string_view scmp_arch) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kNames{{
      {"SCMP_ARCH_X86_64", "amd64"},
      {"SCMP_ARCH_X86", "386"},
      {"SCMP_ARCH_AARCH64", "arm64"},
      {"SCMP_ARCH_ARM", "arm"},
      {"SCMP_ARCH_PPC64LE", "ppc64le"},
      {"SCMP_ARCH_S390X", "s390x"},
      {"SCMP_ARCH_RISCV64", "riscv64"},
      {"SCMP_ARCH_MIPS64", "mips64"},
      {"SCMP_ARCH_MIPSEL64", "mips64le"},
  }};
  for (const auto& [scmp, go] : kNames)
    if (scmp == scmp_arch) return go;
  return scmp_arch;
}

std::vector<std::string_view> strings_of(const Value* list, const std::string& where) {
  std::vector<std::string_view> out;
  if (list == nullptr || list->IsNull()) return out;
  if (!list->IsArray()) throw JsonError(where + ": expected an array");
  for (const Value& item : list->GetArray()) {
    if (!item.IsString()) throw JsonError(where + ": expected strings");
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

bool contains(const std::vector<std::string_view>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::pair<int, int> major_minor(std::string_view version) {
  int major = 0;
  int minor = 0;
  const auto [rest, ec] = std::from_chars(version.data(), version.data() + version.size(), major);
  if (ec == std::errc() && rest < version.data() + version.size() && *rest == '.')
    std::from_chars(rest + 1, version.data() + version.size(), minor);
  return {major, minor};
}

struct Filter {
  std::vector<std::string_view> caps;
  std::vector<std::string_view> arches;
  std::string min_kernel;
};

Filter read_filter(const Value& rule, std::string_view name, const std::string& where) {
  Filter filter;
  const Value* section = find_field(rule, name, where);
  if (section == nullptr || section->IsNull()) return filter;
  if (!section->IsObject()) throw JsonError(where + "." + std::string(name) + ": expected an object");
  filter.caps = strings_of(find_field(*section, "caps", where), where + ".caps");
  filter.arches = strings_of(find_field(*section, "arches", where), where + ".arches");
  if (const Value* k = find_field(*section, "minKernel", where); k != nullptr && k->IsString())
    filter.min_kernel = k->GetString();
  return filter;
}

/// The rule applies to `target`, as Docker and containers-common decide it.
bool applies(const Value& rule, const ProfileTarget& target, const std::string& where) {
  const auto arch = go_arch(target.arch);
  const auto has_cap = [&](std::string_view cap) {
    return std::find(target.capabilities.begin(), target.capabilities.end(), cap) != target.capabilities.end();
  };
  const Filter includes = read_filter(rule, "includes", where);
  const Filter excludes = read_filter(rule, "excludes", where);
  if (!includes.arches.empty() && !contains(includes.arches, arch)) return false;
  if (contains(excludes.arches, arch)) return false;
  if (!std::all_of(includes.caps.begin(), includes.caps.end(), has_cap)) return false;
  if (std::any_of(excludes.caps.begin(), excludes.caps.end(), has_cap)) return false;
  if (!includes.min_kernel.empty() && major_minor(target.kernel) < major_minor(includes.min_kernel)) return false;
  return true;
}

void copy_field(const Value& from, Value& to, std::string_view name, Value::AllocatorType& alloc) {
  const Value* value = find_field(from, name, "profile");
  if (value == nullptr || value->IsNull()) return;
  to.AddMember(Value(name.data(), static_cast<rapidjson::SizeType>(name.size()), alloc), Value(*value, alloc), alloc);
}

Value architectures(const Value& profile, const ProfileTarget& target, Value::AllocatorType& alloc) {
  Value out(rapidjson::kArrayType);
  const Value* arch_map = find_field(profile, "archMap", "profile");
  if (arch_map == nullptr || !arch_map->IsArray()) return out;
  for (const Value& entry : arch_map->GetArray()) {
    if (!entry.IsObject()) throw JsonError("profile.archMap: expected objects");
    const Value* arch = find_field(entry, "architecture", "profile.archMap[]");
    if (arch == nullptr || !arch->IsString() || target.arch != arch->GetString()) continue;
    out.PushBack(Value(*arch, alloc), alloc);
    for (const auto sub : strings_of(find_field(entry, "subArchitectures", "archMap[]"), "archMap[].subArchitectures"))
      out.PushBack(Value(sub.data(), static_cast<rapidjson::SizeType>(sub.size()), alloc), alloc);
  }
  return out;
}

}  // namespace

rapidjson::Document resolve_docker_profile(const rapidjson::Value& profile, const ProfileTarget& target) {
  rapidjson::Document out;
  auto& alloc = out.GetAllocator();
  if (!profile.IsObject()) throw JsonError("profile: expected an object");
  if (find_field(profile, "archMap", "profile") == nullptr) {
    out.CopyFrom(profile, alloc);
    return out;
  }
  out.SetObject();
  copy_field(profile, out, "defaultAction", alloc);
  copy_field(profile, out, "defaultErrnoRet", alloc);
  out.AddMember("architectures", architectures(profile, target, alloc), alloc);
  copy_field(profile, out, "flags", alloc);

  Value rules(rapidjson::kArrayType);
  const Value* syscalls = find_field(profile, "syscalls", "profile");
  if (syscalls != nullptr && !syscalls->IsNull()) {
    if (!syscalls->IsArray()) throw JsonError("profile.syscalls: expected an array");
    for (rapidjson::SizeType i = 0; i < syscalls->Size(); ++i) {
      const Value& rule = (*syscalls)[i];
      const std::string where = "profile.syscalls[" + std::to_string(i) + "]";
      if (!rule.IsObject()) throw JsonError(where + ": expected an object");
      if (!applies(rule, target, where)) continue;
      Value resolved(rapidjson::kObjectType);
      copy_field(rule, resolved, "names", alloc);
      copy_field(rule, resolved, "action", alloc);
      copy_field(rule, resolved, "errnoRet", alloc);
      copy_field(rule, resolved, "args", alloc);
      rules.PushBack(resolved, alloc);
    }
  }
  out.AddMember("syscalls", rules, alloc);
  return out;
}

}  // namespace common
