// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <prometheus/collectable.h>

#include <string>
#include <vector>

#include "state/container_summary.hpp"

namespace ctl {

/// Turns the containers' summaries into Prometheus metric families, read afresh
/// at every scrape: the monitors own the numbers, the exporter only shows them.
///   seccomp_witness_forbidden_syscalls_total{namespace,pod,container,syscall}
///   seccomp_witness_containers_stopped_total{namespace,pod,container}
class SummaryCollector : public prometheus::Collectable {
 public:
  explicit SummaryCollector(std::string state_root) : state_root_(std::move(state_root)) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

  /// The same, from summaries already read (for tests).
  static std::vector<prometheus::MetricFamily> families(const std::vector<common::ContainerSummary>& summaries);

 private:
  std::string state_root_;
};

}  // namespace ctl
