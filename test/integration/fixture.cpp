// SPDX-License-Identifier: Apache-2.0
#include "fixture.hpp"

#include <signal.h>
#include <unistd.h>
#include <boost/process.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "profile/seccomp_profile_import.hpp"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace itest {
namespace {

std::string make_temp_dir(const char* prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + ".XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
  return pattern;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The applets the tests' containers use; busybox-static runs them by argv[0].
constexpr const char* kApplets[] = {"sh", "echo", "cat", "ls", "sleep", "chroot", "swapoff", "true", "id"};

CommandResult collect(bp::child& child, const std::string& out, const std::string& err) {
  CommandResult result;
  if (child.running()) {
    child.terminate();
  } else {
    child.wait();
    result.exit_code = child.exit_code();
  }
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

}  // namespace

std::string env_path(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

CommandResult run(const std::string& program, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env, std::chrono::seconds timeout) {
  ScratchDir scratch;
  const std::string out = scratch.path() + "/out";
  const std::string err = scratch.path() + "/err";
  bp::environment child_env = boost::this_process::environment();
  for (const auto& [key, value] : env) child_env[key] = value;
  bp::child child(program, bp::args(args), child_env, bp::std_in<bp::null, bp::std_out> out, bp::std_err > err);
  eventually([&] { return !child.running(); }, timeout);
  return collect(child, out, err);
}

struct Background::Impl {
  ScratchDir scratch;
  bp::child child;
};

Background::Background(const std::string& program, const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env)
    : impl_(std::make_unique<Impl>()) {
  bp::environment child_env = boost::this_process::environment();
  for (const auto& [key, value] : env) child_env[key] = value;
  impl_->child =
      bp::child(program, bp::args(args), child_env, bp::std_in<bp::null, bp::std_out> impl_->scratch.path() + "/out",
                bp::std_err > impl_->scratch.path() + "/err");
}

Background::~Background() {
  if (impl_->child.running()) impl_->child.terminate();
}

CommandResult Background::wait(std::chrono::milliseconds timeout) {
  if (!eventually([&] { return !impl_->child.running(); }, timeout)) {
    return CommandResult{-1, slurp(impl_->scratch.path() + "/out"), slurp(impl_->scratch.path() + "/err")};
  }
  return collect(impl_->child, impl_->scratch.path() + "/out", impl_->scratch.path() + "/err");
}

std::string Turns::wait_for(int n) {
  const std::string mark = std::to_string(n);
  return "touch /signal/ready." + mark + "; while [ ! -e /signal/go." + mark + " ]; do sleep 0.02; done; ";
}

bool Turns::ready(int count) const {
  return eventually(
      [&] {
        for (int n = 0; n < count; ++n)
          if (!fs::exists(dir_.path() + "/ready." + std::to_string(n))) return false;
        return true;
      },
      std::chrono::seconds(60));
}

void Turns::go(int n) const {
  std::ofstream(dir_.path() + "/go." + std::to_string(n)).close();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string read_if_exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec) ? slurp(path) : "";
}

long rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

bool process_alive(int pid) {
  return pid > 0 && ::kill(pid, 0) == 0;
}

bool can_run_containers(const std::string& runtime, std::string& why) {
  if (::geteuid() != 0)
    why = "needs root";
  else if (runtime.empty() || ::access(runtime.c_str(), X_OK) != 0)
    why = "runtime '" + runtime + "' not found";
  else if (::access(env_path("BUSYBOX").c_str(), X_OK) != 0)
    why = "busybox-static not found";
  else
    return true;
  return false;
}

RuntimeRoot::RuntimeRoot(std::string runtime) : runtime_(std::move(runtime)), path_(make_temp_dir("sw-root")) {}

RuntimeRoot::~RuntimeRoot() {
  const CommandResult list = run(runtime_, {"--root", path_, "list", "-q"}, {}, std::chrono::seconds(20));
  std::istringstream ids(list.out);
  for (std::string id; std::getline(ids, id);)
    if (!id.empty()) run(runtime_, {"--root", path_, "delete", "-f", id}, {}, std::chrono::seconds(20));
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

ScratchDir::ScratchDir() : path_(make_temp_dir("sw-scratch")) {}
ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

Bundle::Bundle() : path_(make_temp_dir("sw-bundle")) {
  fs::create_directories(path_ + "/rootfs/bin");
  fs::create_directories(path_ + "/rootfs/tmp");
  fs::copy_file(env_path("BUSYBOX"), path_ + "/rootfs/bin/busybox");
  for (const char* applet : kApplets) fs::create_symlink("busybox", path_ + "/rootfs/bin/" + applet);
  if (!env_path("PROBE").empty()) fs::copy_file(env_path("PROBE"), path_ + "/rootfs/bin/probe");
  const CommandResult spec = run(env_path("RUNC"), {"spec", "--bundle", path_});
  if (spec.exit_code != 0) throw std::runtime_error("runc spec failed: " + spec.err);
  config_ = common::parse_json(common::read_regular_file(config_path(), 1 << 20), config_path());
  config_["process"]["terminal"].SetBool(false);
  config_["root"]["readonly"].SetBool(false);
}

Bundle::~Bundle() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void Bundle::set_args(const std::vector<std::string>& args) {
  auto& alloc = config_.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& arg : args) list.PushBack(rapidjson::Value(arg.c_str(), alloc), alloc);
  config_["process"]["args"] = list;
}

void Bundle::set_annotation(const std::string& key, const std::string& value) {
  auto& alloc = config_.GetAllocator();
  if (!config_.HasMember("annotations"))
    config_.AddMember("annotations", rapidjson::Value(rapidjson::kObjectType), alloc);
  config_["annotations"].AddMember(rapidjson::Value(key.c_str(), alloc), rapidjson::Value(value.c_str(), alloc), alloc);
}

void Bundle::add_capability(const std::string& capability) {
  auto& alloc = config_.GetAllocator();
  for (const char* set : {"bounding", "effective", "permitted"})
    config_["process"]["capabilities"][set].PushBack(rapidjson::Value(capability.c_str(), alloc), alloc);
}

void Bundle::set_seccomp(const rapidjson::Value& seccomp) {
  auto& alloc = config_.GetAllocator();
  rapidjson::Value& linux = config_["linux"];
  if (linux.HasMember("seccomp")) linux.RemoveMember("seccomp");
  linux.AddMember("seccomp", rapidjson::Value(seccomp, alloc), alloc);
}

void Bundle::set_seccomp(std::string_view json) {
  set_seccomp(common::parse_json(json, "seccomp"));
}

void Bundle::add_bind_mount(const std::string& source, const std::string& destination) {
  auto& alloc = config_.GetAllocator();
  rapidjson::Value mount(rapidjson::kObjectType);
  mount.AddMember("destination", rapidjson::Value(destination.c_str(), alloc), alloc);
  mount.AddMember("type", "bind", alloc);
  mount.AddMember("source", rapidjson::Value(source.c_str(), alloc), alloc);
  rapidjson::Value options(rapidjson::kArrayType);
  options.PushBack("rbind", alloc).PushBack("rw", alloc);
  mount.AddMember("options", options, alloc);
  config_["mounts"].PushBack(mount, alloc);
}

void Bundle::save() {
  common::replace_file_atomically(config_path(), common::to_json(config_));
}

std::string Bundle::config_text() const {
  return slurp(config_path());
}

std::vector<std::string> default_capabilities(const rapidjson::Document& config) {
  std::vector<std::string> caps;
  for (const auto& cap : config["process"]["capabilities"]["bounding"].GetArray()) caps.emplace_back(cap.GetString());
  return caps;
}

rapidjson::Document resolved_profile(const char* env, const Bundle& bundle) {
  const std::string path = env_path(env);
  const auto profile = common::parse_json(common::read_regular_file(path, 1 << 20), path);
  return common::resolve_docker_profile(profile, {"SCMP_ARCH_X86_64", default_capabilities(bundle.config()), "6.1"});
}

}  // namespace itest
