// SPDX-License-Identifier: Apache-2.0
// libFuzzer: the exporter's labels. Whatever bytes a pod's author chooses as pod,
// namespace and container names, each metric is one line of Prometheus' text
// format whose label values, unescaped, are the names' display text.
#include <prometheus/text_serializer.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "display_text.hpp"
#include "summary_collector.hpp"

namespace {

/// The label values of one sample line, unescaped as Prometheus reads them;
/// aborts on a line that is not one.
std::vector<std::string> label_values(const std::string& line) {
  std::vector<std::string> values;
  std::size_t at = line.find('{');
  if (at == std::string::npos) std::abort();
  ++at;
  while (at < line.size() && line[at] != '}') {
    const auto eq = line.find("=\"", at);
    if (eq == std::string::npos) std::abort();
    std::string value;
    std::size_t i = eq + 2;
    for (; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] != '\\') {
        value += line[i];
        continue;
      }
      const char next = i + 1 < line.size() ? line[++i] : '\0';
      if (next == 'n')
        value += '\n';
      else if (next == '\\' || next == '"')
        value += next;
      else
        std::abort();
    }
    if (i >= line.size()) std::abort();
    values.push_back(value);
    at = i + 1;
    if (at < line.size() && line[at] == ',') ++at;
  }
  if (at >= line.size()) std::abort();
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  common::ContainerSummary s;
  s.container_id = "c";
  s.pod = std::string(in.substr(0, in.size() / 3));
  s.pod_namespace = std::string(in.substr(in.size() / 3, in.size() / 3));
  s.container = std::string(in.substr(2 * (in.size() / 3)));
  s.state = common::ContainerState::kStopped;
  s.syscalls.push_back({"chroot", 2, 2, "violation", "errno", 1, "", "", {}, 0, {}, {}, 0});
  std::ostringstream text;
  prometheus::TextSerializer().Serialize(text, ctl::SummaryCollector::families({s}));
  std::istringstream lines(text.str());
  int samples = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    ++samples;
    const auto values = label_values(line);
    if (values.size() < 3) std::abort();
    if (values[0] != common::display_text(s.pod_namespace, common::kMaxNameBytes)) std::abort();
    if (values[1] != common::display_text(s.pod, common::kMaxNameBytes)) std::abort();
    for (const auto& value : values)
      if (!common::is_display_safe(value)) std::abort();
  }
  if (samples != 2) std::abort();
  return 0;
}
