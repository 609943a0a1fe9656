#pragma once

#include <linux/capability.h>

#include <cstdint>

namespace hooks {

/// While it lives, the monitor's effective capabilities are only those it shares
/// with a caller (its CapEff): a call carried out on the caller's behalf gets the
/// kernel's permission checks the caller would have got, not the monitor's. The
/// permitted set is kept, so the destructor can raise them again.
class LoweredCapabilities {
 public:
  /// Throws std::system_error naming capget/capset.
  explicit LoweredCapabilities(std::uint64_t keep);
  ~LoweredCapabilities();
  LoweredCapabilities(const LoweredCapabilities&) = delete;
  LoweredCapabilities& operator=(const LoweredCapabilities&) = delete;

 private:
  __user_cap_data_struct saved_[2]{};
};

}  // namespace hooks
