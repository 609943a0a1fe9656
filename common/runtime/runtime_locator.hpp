// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace common {

class RuntimeNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where the real runtime may come from, in order of precedence.
struct RuntimeSources {
  std::string configured;  ///< `runtime` from config.toml
  std::string env;         ///< $SECCOMP_WITNESS_RUNTIME
  std::string path_env;    ///< $PATH, searched for `runc`
  std::string self_exe;    ///< our own binary (/proc/self/exe): never chosen
};

/// Picks the real runtime: the configured one, else the environment's, else the
/// first executable `runc` on PATH that is not this binary. A configured or
/// environment runtime that is ourselves (same inode, e.g. through a symlink) is
/// an error rather than a loop. Throws RuntimeNotFound saying what was tried.
[[nodiscard]] std::string locate_runtime(const RuntimeSources& sources);

}  // namespace common
