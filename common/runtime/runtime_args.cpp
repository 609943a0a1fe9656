// SPDX-License-Identifier: Apache-2.0
#include "runtime/runtime_args.hpp"

#include <algorithm>
#include <array>

namespace common {
namespace {

enum class Arity { kBool, kValue };

struct FlagSpec {
  std::string_view name;
  Arity arity;
};

// runc 1.1 and crun 1.8 global flags (help/version are booleans that make the
// runtime print and exit; we pass them through like any other command line).
constexpr std::array kGlobalFlags{
    FlagSpec{"root", Arity::kValue},
    FlagSpec{"log", Arity::kValue},
    FlagSpec{"log-format", Arity::kValue},
    FlagSpec{"criu", Arity::kValue},
    FlagSpec{"rootless", Arity::kValue},
    FlagSpec{"cgroup-manager", Arity::kValue},
    FlagSpec{"log-level", Arity::kValue},
    FlagSpec{"debug", Arity::kBool},
    FlagSpec{"systemd-cgroup", Arity::kBool},
    FlagSpec{"help", Arity::kBool},
    FlagSpec{"h", Arity::kBool},
    FlagSpec{"version", Arity::kBool},
    FlagSpec{"v", Arity::kBool},
    FlagSpec{"V", Arity::kBool},
};

// Flags of `create` and `run` (runc), plus crun's -f/--config.
constexpr std::array kCreateFlags{
    FlagSpec{"bundle", Arity::kValue},
    FlagSpec{"b", Arity::kValue},
    FlagSpec{"console-socket", Arity::kValue},
    FlagSpec{"pid-file", Arity::kValue},
    FlagSpec{"preserve-fds", Arity::kValue},
    FlagSpec{"config", Arity::kValue},
    FlagSpec{"f", Arity::kValue},
    FlagSpec{"no-pivot", Arity::kBool},
    FlagSpec{"no-new-keyring", Arity::kBool},
    FlagSpec{"detach", Arity::kBool},
    FlagSpec{"d", Arity::kBool},
    FlagSpec{"keep", Arity::kBool},
    FlagSpec{"no-subreaper", Arity::kBool},
};

// Flags of `exec` (runc 1.1 and crun): they stand before the container id;
// what follows the id is the command to run, flags and all.
constexpr std::array kExecFlags{
    FlagSpec{"console-socket", Arity::kValue},
    FlagSpec{"pidfd-socket", Arity::kValue},
    FlagSpec{"cwd", Arity::kValue},
    FlagSpec{"env", Arity::kValue},
    FlagSpec{"e", Arity::kValue},
    FlagSpec{"tty", Arity::kBool},
    FlagSpec{"t", Arity::kBool},
    FlagSpec{"user", Arity::kValue},
    FlagSpec{"u", Arity::kValue},
    FlagSpec{"additional-gids", Arity::kValue},
    FlagSpec{"g", Arity::kValue},
    FlagSpec{"process", Arity::kValue},
    FlagSpec{"p", Arity::kValue},
    FlagSpec{"detach", Arity::kBool},
    FlagSpec{"d", Arity::kBool},
    FlagSpec{"pid-file", Arity::kValue},
    FlagSpec{"process-label", Arity::kValue},
    FlagSpec{"apparmor", Arity::kValue},
    FlagSpec{"no-new-privs", Arity::kBool},
    FlagSpec{"cap", Arity::kValue},
    FlagSpec{"c", Arity::kValue},
    FlagSpec{"preserve-fds", Arity::kValue},
    FlagSpec{"cgroup", Arity::kValue},
};

// Flags of `delete`.
constexpr std::array kDeleteFlags{
    FlagSpec{"force", Arity::kBool},
    FlagSpec{"f", Arity::kBool},
};

struct Flag {
  std::string_view name;
  std::optional<std::string_view> inline_value;  // from --name=value
};

// "-x", "--x", "-x=v", "--x=v" are flags (Go's flag package accepts one or two
// dashes); "-" and anything without a dash are not.
std::optional<Flag> split_flag(std::string_view token) {
  if (token.size() < 2 || token[0] != '-') return std::nullopt;
  token.remove_prefix(token[1] == '-' ? 2 : 1);
  if (token.empty() || token[0] == '-' || token[0] == '=') return std::nullopt;
  const auto eq = token.find('=');
  if (eq == std::string_view::npos) return Flag{token, std::nullopt};
  return Flag{token.substr(0, eq), token.substr(eq + 1)};
}

template <std::size_t N>
const FlagSpec* find_flag(const std::array<FlagSpec, N>& table, std::string_view name) {
  const auto it = std::find_if(table.begin(), table.end(), [&](const FlagSpec& f) { return f.name == name; });
  return it == table.end() ? nullptr : &*it;
}

/// Reads one flag at args[i]; returns its value (empty for booleans) and advances i
/// past a separate value. Returns nullopt with `error` set when runc would refuse it.
template <std::size_t N>
std::optional<std::string> take_flag(const std::array<FlagSpec, N>& table, const Flag& flag,
                                     std::span<const std::string> args, std::size_t& i, std::string& error) {
  const FlagSpec* spec = find_flag(table, flag.name);
  if (spec == nullptr) {
    error = "unknown flag -" + std::string(flag.name);
    return std::nullopt;
  }
  if (spec->arity == Arity::kBool) {
    if (!flag.inline_value) return "true";
    const auto set = parse_go_bool(*flag.inline_value);
    if (!set) {
      error = "invalid boolean for -" + std::string(flag.name);
      return std::nullopt;
    }
    return *set ? "true" : "false";
  }
  if (flag.inline_value) return std::string(*flag.inline_value);
  if (i + 1 >= args.size()) {
    error = "flag -" + std::string(flag.name) + " needs a value";
    return std::nullopt;
  }
  return args[++i];
}

void apply_global(GlobalOptions& global, std::string_view name, const std::string& value) {
  if (name == "root")
    global.root = value;
  else if (name == "log")
    global.log_path = value;
  else if (name == "log-format")
    global.log_format = value;
  else if (name == "debug")
    global.debug = value == "true";
}

void apply_create(CreateOptions& create, std::string_view name, const std::string& value) {
  if (name == "bundle" || name == "b")
    create.bundle = value;
  else if (name == "config" || name == "f")
    create.config_file = value;
}

/// create/run: flags may stand before or after the container id (urfave/cli
/// reorders them); "--" ends the flags.
void parse_create(RuntimeCommand& out, std::span<const std::string> args) {
  CreateOptions create;
  std::vector<std::string> positionals;
  std::string error;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      positionals.insert(positionals.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    const auto flag = split_flag(args[i]);
    if (!flag) {
      positionals.push_back(args[i]);
      continue;
    }
    if (flag->name == "help" || flag->name == "h") {
      out.not_intercepted_because = "help requested";
      return;
    }
    const auto value = take_flag(kCreateFlags, *flag, args, i, error);
    if (!value) {
      out.not_intercepted_because = error;
      return;
    }
    apply_create(create, flag->name, *value);
  }
  if (positionals.size() != 1 || positionals[0].empty()) {
    out.not_intercepted_because = "expected exactly one container id, got " + std::to_string(positionals.size());
    return;
  }
  create.container_id = positionals[0];
  out.create = std::move(create);
}

/// exec and delete: flags, then the container id (after it, exec's command).
template <std::size_t N>
std::string container_id_after(const std::array<FlagSpec, N>& flags, RuntimeCommand& out,
                               std::span<const std::string> args) {
  std::string error;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") return i + 1 < args.size() ? args[i + 1] : std::string();
    const auto flag = split_flag(args[i]);
    if (!flag) return args[i];
    if (!take_flag(flags, *flag, args, i, error)) {
      out.not_intercepted_because = error;
      return {};
    }
  }
  return {};
}

}  // namespace

std::optional<bool> parse_go_bool(std::string_view text) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"})
    if (text == t) return true;
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"})
    if (text == f) return false;
  return std::nullopt;
}

RuntimeCommand parse_runtime_command(std::span<const std::string> args) {
  RuntimeCommand out;
  std::string error;
  std::size_t i = 0;
  // Global flags end at the first non-flag (the subcommand), as in Go's flag package.
  for (; i < args.size(); ++i) {
    if (args[i] == "--") {
      ++i;
      break;
    }
    const auto flag = split_flag(args[i]);
    if (!flag) break;
    const std::size_t first = i;
    const auto value = take_flag(kGlobalFlags, *flag, args, i, error);
    if (!value) {
      out.not_intercepted_because = error;
      return out;
    }
    out.global.args.insert(out.global.args.end(), args.begin() + static_cast<std::ptrdiff_t>(first),
                           args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    apply_global(out.global, flag->name, *value);
  }
  if (i >= args.size()) {
    out.not_intercepted_because = "no command";
    return out;
  }
  out.command = args[i];
  if (out.command == "create" || out.command == "run") {
    parse_create(out, args.subspan(i + 1));
  } else if (out.command == "exec") {
    out.not_intercepted_because = "command exec is passed through";
    out.exec_container_id = container_id_after(kExecFlags, out, args.subspan(i + 1));
  } else if (out.command == "delete") {
    out.not_intercepted_because = "command delete is passed through";
    const auto rest = args.subspan(i + 1);
    // Only the plain form: one id (crun's --regex and the like are left alone).
    const std::string id = container_id_after(kDeleteFlags, out, rest);
    if (!id.empty() && !rest.empty() && rest.back() == id) out.delete_container_id = id;
  } else {
    out.not_intercepted_because = "command " + out.command + " is passed through";
  }
  return out;
}

}  // namespace common
