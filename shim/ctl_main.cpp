// seccomp-witnessctl: the operator's view of seccomp-witness.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "ctl_profile.hpp"

int main(int argc, char** argv) {
  CLI::App app{"seccomp-witnessctl: inspect what seccomp-witness does and saw", "seccomp-witnessctl"};
  app.set_version_flag("--version", SECCOMP_WITNESS_VERSION);
  app.require_subcommand(1);
  ctl::add_profile_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "seccomp-witnessctl: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
