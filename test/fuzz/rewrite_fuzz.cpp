// SPDX-License-Identifier: Apache-2.0
// libFuzzer: config.json as the wrapper reads it for an opted-in container. The
// input goes through what `create` does before the runtime sees it: the opt-in,
// the model the monitor answers from, and the rewrite in both coverage modes.
// Refusals are JsonErrors; a rewritten config must be valid JSON that names our
// listener. Anything else (crash, sanitizer report, other exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "json_doc.hpp"
#include "opt_in.hpp"
#include "profile/seccomp_coverage.hpp"
#include "profile/seccomp_profile.hpp"
#include "profile/seccomp_rewrite.hpp"

namespace {

constexpr std::string_view kListener = "/run/seccomp-witness/fuzz/notify.sock";

void rewrite(std::string_view text, common::CoverageMode mode) {
  rapidjson::Document config = common::parse_json(text, "config.json");
  (void)common::decide_opt_in(config);
  if (config.IsObject()) {
    const auto* linux = common::find_field(config, "linux", "config");
    const auto* seccomp =
        linux != nullptr && linux->IsObject() ? common::find_field(*linux, "seccomp", "linux") : nullptr;
    if (seccomp != nullptr) (void)common::DenyRules::from_seccomp(*seccomp);
  }
  const auto result = common::rewrite_seccomp(config, kListener, mode, {});
  if (result.outcome != common::RewriteOutcome::kRewritten) return;
  const std::string out = common::to_json(config);
  const rapidjson::Document again = common::parse_json(out, "rewritten config.json");
  if (out.find(kListener) == std::string::npos) std::abort();  // rewritten without our listener
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto mode : {common::CoverageMode::kNamed, common::CoverageMode::kFull}) {
    try {
      rewrite(text, mode);
    } catch (const common::JsonError&) {
    }
  }
  return 0;
}
