#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "fixture.hpp"

namespace itest {

/// Skips a test that cannot run here, or fails it where skipping is not allowed (CI).
#define REQUIRE_CONTAINERS(runtime)                                        \
  do {                                                                     \
    std::string why_;                                                      \
    if (!::itest::can_run_containers((runtime), why_)) {                   \
      if (std::getenv("SECCOMP_WITNESS_REQUIRE_INTEGRATION") != nullptr) { \
        FAIL() << why_;                                                    \
      }                                                                    \
      GTEST_SKIP() << why_;                                                \
    }                                                                      \
  } while (0)

/// A config.toml of the test's own for the wrapper: the real runtime to exec, a
/// state dir in scratch space, and the monitor program.
class WrapperEnv {
 public:
  explicit WrapperEnv(const std::string& runtime, const std::string& monitor = env_path("MONITOR")) {
    std::ofstream(scratch_.path() + "/config.toml")
        << "runtime = \"" << runtime << "\"\nstate_dir = \"" << state_root() << "\"\nmonitor = \"" << monitor << "\"\n";
  }
  [[nodiscard]] std::string state_root() const { return scratch_.path() + "/state"; }
  [[nodiscard]] std::string state_dir(const std::string& id) const { return state_root() + "/" + id; }
  [[nodiscard]] std::map<std::string, std::string> env() const {
    return {{"SECCOMP_WITNESS_CONFIG", scratch_.path() + "/config.toml"}};
  }

 private:
  ScratchDir scratch_;
};

}  // namespace itest
