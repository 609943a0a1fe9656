// SPDX-License-Identifier: Apache-2.0
#include "monitor_rules.hpp"

#include "json_doc.hpp"

namespace shim {

common::DenyRules deny_rules_of(const common::MonitorSpec& spec) {
  return common::DenyRules::from_seccomp(common::parse_json(spec.seccomp, "monitor.json seccomp"));
}

hooks::ArgRules arg_rules_of(const common::MonitorSpec& spec) {
  return hooks::ArgRules::parse(spec.arg_rules, "monitor.json argRules").only({spec.judged.begin(), spec.judged.end()});
}

void check_monitor_can_read(std::string_view text, std::string_view origin) {
  const common::MonitorSpec spec = common::parse_monitor_spec(text, origin);
  (void)deny_rules_of(spec);
  (void)arg_rules_of(spec);
}

}  // namespace shim
