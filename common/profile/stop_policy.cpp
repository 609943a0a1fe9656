// SPDX-License-Identifier: Apache-2.0
#include "profile/stop_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace common {

std::string_view to_string(CallClass klass) {
  switch (klass) {
    case CallClass::kViolation: return "violation";
    case CallClass::kProbe: return "probe";
    case CallClass::kIgnored: return "ignored";
  }
  return "violation";
}

std::optional<CallClass> parse_call_class(std::string_view text) {
  for (const auto klass : {CallClass::kViolation, CallClass::kProbe, CallClass::kIgnored})
    if (text == to_string(klass)) return klass;
  return std::nullopt;
}

bool is_probe(const Verdict& verdict) {
  return verdict.kind == Verdict::Kind::kErrno && verdict.errno_value == ENOSYS;
}

CallClass StopPolicy::classify(std::string_view syscall, const Verdict& verdict) const {
  if (std::find(ignored.begin(), ignored.end(), syscall) != ignored.end()) return CallClass::kIgnored;
  if (is_probe(verdict) && !stop_on_probes) return CallClass::kProbe;
  return CallClass::kViolation;
}

std::optional<std::vector<std::string>> parse_syscall_list(std::string_view text) {
  std::vector<std::string> names;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) names.push_back(std::move(current));
    current.clear();
  };
  for (const char c : text) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      flush();
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      return std::nullopt;
    }
  }
  flush();
  return names;
}

}  // namespace common
