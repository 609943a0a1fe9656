// SPDX-License-Identifier: Apache-2.0
#include "profile_check.hpp"

#include <iostream>
#include <memory>
#include <stdexcept>

#include "json_doc.hpp"
#include "profile/seccomp_invert.hpp"
#include "profile/seccomp_lint.hpp"
#include "profile_io.hpp"

namespace ctl {
namespace {

/// Exit code of `lint` when it has something to say, for CI pipelines.
constexpr int kLintFound = 3;

/// Accepts a Docker-format profile, a linux.seccomp section or a config.json.
void lint(const std::string& file) {
  const rapidjson::Document input = load(file);
  const rapidjson::Value* linux = input.IsObject() ? common::find_field(input, "linux", file) : nullptr;
  const rapidjson::Value& profile = linux != nullptr ? seccomp_of(input, file) : input;
  const auto warnings = common::lint_profile(profile);
  for (const auto& w : warnings) std::cout << file << ": " << w.where << ": " << w.message << '\n';
  std::cerr << "seccomp-witnessctl: " << warnings.size() << " warning(s)\n";
  if (!warnings.empty()) throw CLI::RuntimeError(kLintFound);
}

void invert(const std::string& file) {
  rapidjson::Document input = load(file);
  if (input.IsObject() && common::find_field(input, "archMap", file) != nullptr)
    throw std::runtime_error(file + ": a Docker-format profile; resolve it first: seccomp-witnessctl profile resolve");
  bool bare = false;
  const rapidjson::Document config = as_config(std::move(input), bare);
  const common::InvertResult result = common::invert_profile(seccomp_of(config, file));
  print(result.profile);
  std::cerr << "seccomp-witnessctl: " << result.denied_by_default << " syscall(s) denied by name, "
            << result.complemented << " conditional allow(s) turned into conditional denies\n";
  for (const auto& why : result.not_inverted)
    std::cerr << "seccomp-witnessctl: left allowed, no rule can deny its complement: " << why << '\n';
}

}  // namespace

void add_profile_check_commands(CLI::App& profile) {
  auto lint_file = std::make_shared<std::string>();
  CLI::App* lint_cmd = profile.add_subcommand(
      "lint", "Warn about rules that do not do what they seem to (exit 3 when there is something to say)");
  lint_cmd->add_option("file", *lint_file, "Docker-format profile, linux.seccomp section or config.json, or -")
      ->required();
  lint_cmd->callback([lint_file] { lint(*lint_file); });

  auto invert_file = std::make_shared<std::string>();
  CLI::App* invert_cmd = profile.add_subcommand(
      "invert", "Write a deny-by-default profile as allow-by-default with an explicit deny list");
  invert_cmd->add_option("file", *invert_file, "linux.seccomp section or config.json, or -")->required();
  invert_cmd->callback([invert_file] { invert(*invert_file); });
}

}  // namespace ctl
