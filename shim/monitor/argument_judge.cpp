// SPDX-License-Identifier: Apache-2.0
#include "argument_judge.hpp"

#include <spdlog/spdlog.h>

#include <cstring>

#include "carry_out.hpp"

namespace shim {

Judgement judge_arguments(const hooks::ArgRules& rules, const std::string& syscall, const hooks::Caller& caller,
                          common::NotifyBuffers& buffers, int notify_fd) {
  const auto& n = caller.notification();
  const hooks::Decision decision = rules.decide(
      syscall, n.args, [&](std::uint64_t address, std::size_t length) { return caller.read(address, length); });
  switch (decision.kind) {
    case hooks::Decision::Kind::kDeny:
      return {common::Verdict{common::Verdict::Kind::kErrno, decision.errno_value}, {}};
    case hooks::Decision::Kind::kFail: buffers.respond_errno(notify_fd, n.id, decision.errno_value); break;
    case hooks::Decision::Kind::kContinue: buffers.respond_continue(notify_fd, n.id); break;
    case hooks::Decision::Kind::kCarryOut: {
      // Only setsockopt rules read memory (ArgRules::parse makes sure).
      const hooks::CallResult result = hooks::carry_out_setsockopt(caller, decision.optval);
      if (!result.refused.empty())
        return {common::Verdict{common::Verdict::Kind::kErrno, decision.errno_value}, result.refused};
      if (result.error != 0)
        spdlog::debug("{} carried out for pid {}: {}", syscall, n.pid, std::strerror(result.error));
      buffers.respond_result(notify_fd, n.id, result.value, result.error);
      break;
    }
    case hooks::Decision::Kind::kNoRule:
      // The wrapper notifies it for the rules only; let it run as the profile would.
      buffers.respond_continue(notify_fd, n.id);
      break;
  }
  return {};
}

}  // namespace shim
