#include "argument_judge.hpp"

#include <spdlog/spdlog.h>

#include <cstring>

#include "carry_out.hpp"

namespace shim {

std::optional<common::Verdict> judge_arguments(const std::string& container_id, const hooks::ArgRules& rules,
                                               const std::string& syscall, const hooks::Caller& caller,
                                               common::NotifyBuffers& buffers, int notify_fd) {
  const auto& n = caller.notification();
  const hooks::Decision decision = rules.decide(
      syscall, n.args, [&](std::uint64_t address, std::size_t length) { return caller.read(address, length); });
  switch (decision.kind) {
    case hooks::Decision::Kind::kDeny: return common::Verdict{common::Verdict::Kind::kErrno, decision.errno_value};
    case hooks::Decision::Kind::kFail: buffers.respond_errno(notify_fd, n.id, decision.errno_value); break;
    case hooks::Decision::Kind::kContinue: buffers.respond_continue(notify_fd, n.id); break;
    case hooks::Decision::Kind::kCarryOut: {
      // Only setsockopt rules read memory (ArgRules::parse makes sure).
      const hooks::CallResult result = hooks::carry_out_setsockopt(caller, decision.optval);
      if (!result.refused.empty()) {
        // Never with more rights than the caller has: the kernel makes the call,
        // which the profile allows, from the caller's own memory.
        static bool said = false;
        spdlog::log(said ? spdlog::level::debug : spdlog::level::warn,
                    "container {}: {} of pid {} not carried out ({}); the kernel makes it, reading the option value "
                    "again, which another thread of the caller could have changed since it was judged",
                    container_id, syscall, n.pid, result.refused);
        said = true;
        buffers.respond_continue(notify_fd, n.id);
        break;
      }
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
  return std::nullopt;
}

}  // namespace shim
