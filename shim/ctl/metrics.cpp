// SPDX-License-Identifier: Apache-2.0
#include "metrics.hpp"

#include <prometheus/exposer.h>
#include <signal.h>

#include <iostream>

#include "summary_collector.hpp"

namespace ctl {
namespace {

void serve(const StateOptions& options, const std::string& listen) {
  prometheus::Exposer exposer(listen);
  auto collector = std::make_shared<SummaryCollector>(options.root());
  exposer.RegisterCollectable(collector);
  std::cerr << "seccomp-witnessctl: serving metrics of " << options.root() << " on http://" << listen << "/metrics\n";
  // The HTTP server runs in its own threads; this one only waits to be stopped.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  int signal = 0;
  sigwait(&stop, &signal);
}

}  // namespace

void add_metrics_command(CLI::App& app, const std::shared_ptr<StateOptions>& options) {
  auto listen = std::make_shared<std::string>("127.0.0.1:9637");
  CLI::App* cmd = app.add_subcommand("serve-metrics", "Serve Prometheus metrics of every watched container");
  cmd->add_option("--listen", *listen, "address:port to listen on")->capture_default_str();
  cmd->callback([options, listen] { serve(*options, *listen); });
}

}  // namespace ctl
