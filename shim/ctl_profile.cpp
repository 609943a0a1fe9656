#include "ctl_profile.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <sys/utsname.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "seccomp_profile_import.hpp"
#include "seccomp_rewrite.hpp"

namespace ctl {
namespace {

constexpr std::size_t kMaxProfileBytes = 16 * 1024 * 1024;

rapidjson::Document load(const std::string& path) {
  if (path == "-") {
    const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    return common::parse_json(text, "<stdin>");
  }
  return common::parse_json(common::read_regular_file(path, kMaxProfileBytes), path);
}

void print(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  std::cout << buffer.GetString() << '\n';
}

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
};

void resolve(const ResolveOptions& options) {
  const auto profile = load(options.file);
  common::ProfileTarget target = options.target;
  if (target.kernel.empty()) target.kernel = running_kernel();
  print(common::resolve_docker_profile(profile, target));
}

/// Accepts a whole config.json or a bare linux.seccomp section.
void rewrite(const RewriteOptions& options) {
  rapidjson::Document input = load(options.file);
  const bool bare = input.IsObject() && common::find_field(input, "linux", "input") == nullptr;
  rapidjson::Document config;
  if (bare) {
    config.SetObject();
    rapidjson::Value linux(rapidjson::kObjectType);
    linux.AddMember("seccomp", rapidjson::Value(input, config.GetAllocator()), config.GetAllocator());
    config.AddMember("linux", linux, config.GetAllocator());
  } else {
    config.Swap(input);
  }
  const common::RewriteResult result = common::rewrite_seccomp(config, options.listener_path);
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
  rew->callback([rewrite_options] { rewrite(*rewrite_options); });
}

}  // namespace ctl
