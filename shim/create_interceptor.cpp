#include "create_interceptor.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <exception>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "monitor_spec.hpp"
#include "monitor_start.hpp"
#include "opt_in.hpp"
#include "paths.hpp"
#include "seccomp_rewrite.hpp"

namespace shim {
namespace {

/// config.json files beyond this are refused (runc's own are a few KiB).
constexpr std::size_t kMaxSpecBytes = 16 * 1024 * 1024;

std::string original_seccomp(const rapidjson::Document& spec) {
  const auto* linux = common::find_field(spec, "linux", "config");
  const auto* seccomp =
      linux != nullptr && linux->IsObject() ? common::find_field(*linux, "seccomp", "linux") : nullptr;
  return seccomp != nullptr ? common::to_json(*seccomp) : "null";
}

void prepare(const common::RuntimeCommand& command, const common::Config& config, const std::string& runtime) {
  const common::CreateOptions& create = *command.create;
  const std::string& id = create.container_id;
  const std::string path = spec_path(create);

  rapidjson::Document spec_doc = common::parse_json(common::read_regular_file(path, kMaxSpecBytes), path);
  const common::OptInDecision decision = common::decide_opt_in(spec_doc);
  if (!decision.opt_in) {
    if (decision.suspicious)
      spdlog::warn("container {}: not watched: {}", id, decision.reason);
    else
      spdlog::debug("container {}: not watched: {}", id, decision.reason);
    return;
  }
  const auto paths = common::container_paths(config.state_root, id);
  if (!paths) {
    spdlog::warn("container {}: not watched: the id is not a valid container id", id);
    return;
  }

  const std::string original = original_seccomp(spec_doc);
  const common::RewriteResult result = common::rewrite_seccomp(spec_doc, paths->socket);
  if (result.outcome != common::RewriteOutcome::kRewritten) {
    spdlog::info("container {}: opted in by {}, running unchanged: {}", id, decision.opt_in->annotation,
                 common::describe(result));
    return;
  }
  if (::access(config.monitor.c_str(), X_OK) != 0) {
    spdlog::warn("container {}: opted in, but the monitor '{}' cannot be run; running under the original profile", id,
                 config.monitor);
    return;
  }

  std::vector<std::string> warnings;
  common::MonitorSpec spec = common::make_monitor_spec(spec_doc, *decision.opt_in, id, original, warnings);
  for (const auto& warning : warnings) spdlog::warn("container {}: {}", id, warning);
  spec.socket = paths->socket;
  spec.runtime = runtime;
  spec.runtime_args = command.global.args;
  start_monitor(config.monitor, *paths, spec);
  // Last step: once config.json names the listener, the runtime depends on the monitor.
  common::replace_file_atomically(path, common::to_json(spec_doc));
  spdlog::info("container {}: watched ({}, by {}): {}; listener {}", id, common::to_string(decision.opt_in->action),
               decision.opt_in->annotation, common::describe(result), paths->socket);
}

}  // namespace

std::string spec_path(const common::CreateOptions& create) {
  if (!create.config_file.empty() && create.config_file.front() == '/') return create.config_file;
  const std::string bundle = create.bundle.empty() ? "." : create.bundle;
  return bundle + "/" + create.config_file;
}

void intercept_create(const common::RuntimeCommand& command, const common::Config& config, const std::string& runtime) {
  try {
    prepare(command, config, runtime);
  } catch (const std::exception& e) {
    spdlog::error("container {}: not watched, running under the original profile: {}", command.create->container_id,
                  e.what());
  }
}

}  // namespace shim
