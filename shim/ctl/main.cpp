// SPDX-License-Identifier: Apache-2.0
// seccomp-witnessctl: the operator's view of seccomp-witness.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "containers.hpp"
#include "display_text.hpp"
#include "doctor.hpp"
#include "metrics.hpp"
#include "profile.hpp"
#include "restart.hpp"
#include "suggest.hpp"

int main(int argc, char** argv) try {
  CLI::App app{"seccomp-witnessctl: inspect what seccomp-witness does and saw", "seccomp-witnessctl"};
  app.set_version_flag("--version", "seccomp-witnessctl version " SECCOMP_WITNESS_VERSION);
  app.require_subcommand(1);
  auto state = std::make_shared<ctl::StateOptions>();
  app.add_option("--state-dir", state->state_dir, "where the monitors keep their state (default: config.toml's)");
  app.add_flag("--json", state->json, "print JSON, for scripts");
  ctl::add_container_commands(app, state);
  ctl::add_metrics_command(app, state);
  ctl::add_profile_commands(app);
  ctl::add_doctor_command(app);
  ctl::add_restart_command(app, state);
  ctl::add_suggest_command(app, state);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // An error may quote a record or an id: display text on the terminal.
    std::cerr << "seccomp-witnessctl: " << common::display_text(e.what()) << '\n';
    return 1;
  }
  return 0;
} catch (const std::exception& e) {
  // Building the command line itself failed: a bug, said rather than aborted on.
  std::cerr << "seccomp-witnessctl: " << e.what() << '\n';
  return 1;
}
