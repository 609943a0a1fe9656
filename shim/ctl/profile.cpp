// SPDX-License-Identifier: Apache-2.0
#include "profile.hpp"

#include "linux/audit_kills.hpp"

#include "profile_check.hpp"
#include "profile_io.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "profile/seccomp_coverage.hpp"
#include "profile/seccomp_profile_import.hpp"
#include "profile/seccomp_rewrite.hpp"

namespace ctl {
namespace {

std::string running_kernel() {
  utsname u{};
  return ::uname(&u) == 0 ? u.release : "0.0";
}

struct ResolveOptions {
  std::string file;
  common::ProfileTarget target;
};

struct RewriteOptions {
  std::string file;
  std::string listener_path = "/run/seccomp-witness/<container-id>/notify.sock";
  std::string coverage = "named";
};

common::CoverageMode coverage_mode(const std::string& text) {
  const auto mode = common::parse_coverage_mode(text);
  if (!mode) throw std::runtime_error("--coverage must be named or full, not '" + text + "'");
  return *mode;
}

void print_names(const char* title, const std::vector<std::string>& names) {
  std::cout << title << " (" << names.size() << "):";
  for (const auto& name : names) std::cout << ' ' << name;
  std::cout << '\n';
}

void resolve(const ResolveOptions& options) {
  const auto profile = load(options.file);
  common::ProfileTarget target = options.target;
  if (target.kernel.empty()) target.kernel = running_kernel();
  print(common::resolve_docker_profile(profile, target));
}

/// What a profile lets seccomp-witness see, in each coverage mode.
void coverage(const std::string& file) {
  bool bare = false;
  const rapidjson::Document config = as_config(load(file), bare);
  // Kill rules stay the kernel's where this node gives monitors its kill records.
  const common::KillRules kills =
      common::audit_kills_unavailable().empty() ? common::KillRules::kStay : common::KillRules::kNotify;
  const common::CoveragePlan plan = common::plan_coverage(seccomp_of(config, file), kills);
  std::vector<std::string> complemented;
  for (const auto& rule : plan.complemented)
    if (std::find(complemented.begin(), complemented.end(), rule.name) == complemented.end())
      complemented.push_back(rule.name);
  const std::size_t named = plan.named_denied.size() + plan.kernel_kills.size();
  std::cout << "observable, named coverage: " << named << " syscalls\n"
            << "observable, full coverage:  "
            << named + plan.default_denied.size() + complemented.size() + plan.judged_whole.size() << " syscalls\n";
  print_names("denied by the profile's rules", plan.named_denied);
  print_names("kill rules left the kernel's, seen in its audit records", plan.kernel_kills);
  print_names("denied by the default action (full coverage only)", plan.default_denied);
  print_names(
      "allowed only under conditions, the calls they refuse notified by rules of their own (full coverage only)",
      complemented);
  print_names("allowed only under conditions, every call notified and judged from its registers (full coverage only)",
              plan.judged_whole);
  print_names("blind spots (allowed under the conditions of a TRAP or TRACE rule, the rest denied unseen)",
              plan.blind_spots);
}

void rewrite(const RewriteOptions& options) {
  const common::CoverageMode mode = coverage_mode(options.coverage);
  bool bare = false;
  rapidjson::Document config = as_config(load(options.file), bare);
  const common::RewriteResult result = common::rewrite_seccomp(config, options.listener_path, mode);
  std::cerr << "seccomp-witnessctl: " << common::describe(result) << '\n';
  print(bare ? config["linux"]["seccomp"] : config);
}

}  // namespace

void add_profile_commands(CLI::App& app) {
  CLI::App* profile = app.add_subcommand("profile", "Look at seccomp profiles the way seccomp-witness does");
  profile->require_subcommand(1);

  auto resolve_options = std::make_shared<ResolveOptions>();
  CLI::App* res = profile->add_subcommand(
      "resolve",
      "Turn a Docker-format profile (archMap, includes/excludes) into the OCI linux.seccomp section "
      "a container gets");
  res->add_option("file", resolve_options->file, "profile file, or - for standard input")->required();
  res->add_option("--arch", resolve_options->target.arch, "native architecture")->capture_default_str();
  res->add_option("--cap", resolve_options->target.capabilities, "a capability the container has (repeat)");
  resolve_options->target.kernel.clear();
  res->add_option("--kernel", resolve_options->target.kernel, "kernel version for minKernel (default: running)");
  res->callback([resolve_options] { resolve(*resolve_options); });

  auto rewrite_options = std::make_shared<RewriteOptions>();
  CLI::App* rew =
      profile->add_subcommand("rewrite", "Show the rewrite seccomp-witness applies to an opted-in container's profile");
  rew->add_option("file", rewrite_options->file, "config.json or linux.seccomp section, or - for standard input")
      ->required();
  rew->add_option("--listener-path", rewrite_options->listener_path, "listenerPath to set")->capture_default_str();
  rew->add_option("--coverage", rewrite_options->coverage, "named, or full: also what the default action denies")
      ->capture_default_str();
  rew->callback([rewrite_options] { rewrite(*rewrite_options); });

  auto coverage_file = std::make_shared<std::string>();
  CLI::App* cov = profile->add_subcommand(
      "coverage", "Count the syscalls whose denial seccomp-witness can see, in named and full coverage");
  cov->add_option("file", *coverage_file, "config.json or linux.seccomp section, or - for standard input")->required();
  cov->callback([coverage_file] { coverage(*coverage_file); });

  add_profile_check_commands(*profile);
}

}  // namespace ctl
