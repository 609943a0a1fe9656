// SPDX-License-Identifier: Apache-2.0
#include "summary_collector.hpp"

#include "display_text.hpp"

#include <prometheus/client_metric.h>
#include <prometheus/metric_family.h>

#include <map>
#include <string_view>
#include <tuple>

namespace ctl {
namespace {

using Labels = std::vector<prometheus::ClientMetric::Label>;

/// A label value from a record: display text, bounded (prometheus-cpp escapes
/// what the text format needs; this keeps controls and invalid UTF-8 out of
/// every scraper and dashboard).
std::string label(std::string_view text) {
  return common::display_text(text, common::kMaxNameBytes);
}

/// Kubernetes names when the container has them; the container id otherwise (podman, ctr).
Labels container_labels(const common::ContainerSummary& s) {
  return {{"namespace", label(s.pod_namespace)},
          {"pod", label(s.pod)},
          {"container", label(s.container.empty() ? s.container_id : s.container)}};
}

prometheus::ClientMetric counter(Labels labels, double value) {
  prometheus::ClientMetric metric;
  metric.label = std::move(labels);
  metric.counter.value = value;
  return metric;
}

}  // namespace

std::vector<prometheus::MetricFamily> SummaryCollector::families(
    const std::vector<common::ContainerSummary>& summaries) {
  // Containers of the same name (a restarted pod) add up, as a counter should.
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, double> calls;
  std::map<std::tuple<std::string, std::string, std::string>, double> stopped;
  for (const auto& s : summaries) {
    const Labels labels = container_labels(s);
    for (const auto& sc : s.syscalls) {
      // class: violation (stops, in the message), probe (ENOSYS) or ignored (the operator's choice).
      if (sc.violations > 0)
        calls[{labels[0].value, labels[1].value, labels[2].value, label(sc.name), "violation"}] +=
            static_cast<double>(sc.violations);
      if (sc.count > sc.violations)
        calls[{labels[0].value, labels[1].value, labels[2].value, label(sc.name),
               sc.klass == "ignored" ? "ignored" : "probe"}] += static_cast<double>(sc.count - sc.violations);
    }
    if (s.state == common::ContainerState::kStopped) stopped[{labels[0].value, labels[1].value, labels[2].value}] += 1;
  }

  prometheus::MetricFamily forbidden{
      "seccomp_witness_forbidden_syscalls_total",
      "Denied syscalls made by watched containers, by syscall and class (violation, probe, ignored)",
      prometheus::MetricType::Counter,
      {}};
  for (const auto& [key, value] : calls) {
    const auto& [ns, pod, container, syscall, klass] = key;
    forbidden.metric.push_back(counter(
        {{"namespace", ns}, {"pod", pod}, {"container", container}, {"syscall", syscall}, {"class", klass}}, value));
  }
  prometheus::MetricFamily stops{"seccomp_witness_containers_stopped_total",
                                 "Containers stopped because they used forbidden syscalls",
                                 prometheus::MetricType::Counter,
                                 {}};
  for (const auto& [key, value] : stopped) {
    const auto& [ns, pod, container] = key;
    stops.metric.push_back(counter({{"namespace", ns}, {"pod", pod}, {"container", container}}, value));
  }
  return {forbidden, stops};
}

std::vector<prometheus::MetricFamily> SummaryCollector::Collect() const {
  std::vector<std::string> problems;
  return families(common::load_container_summaries(state_root_, problems));
}

}  // namespace ctl
