#include "carry_out.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <system_error>

#include "capabilities.hpp"

namespace hooks {

CallResult carry_out_setsockopt(const Caller& caller, const std::vector<std::byte>& optval) {
  try {
    const common::UniqueFd socket = caller.take_fd(static_cast<int>(caller.arg(0)));
    const auto caps = caller.effective_capabilities();
    if (!socket || !caps) return {-1, ESRCH};  // the caller is gone; no one reads this
    const LoweredCapabilities as_the_caller(*caps);
    const int rc = ::setsockopt(socket.get(), static_cast<int>(caller.arg(1)), static_cast<int>(caller.arg(2)),
                                optval.data(), static_cast<socklen_t>(optval.size()));
    return rc == 0 ? CallResult{0, 0} : CallResult{-1, errno};
  } catch (const std::system_error& e) {
    return {-1, e.code().value()};
  }
}

}  // namespace hooks
