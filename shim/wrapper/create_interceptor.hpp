// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "runtime/runtime_args.hpp"
#include "state/config_file.hpp"

namespace shim {

/// Prepares an opted-in `create`/`run` before the runtime is exec'd: rewrites the
/// bundle's config.json and starts the container's monitor. Never throws: whatever
/// goes wrong is logged (naming the container and the file) and leaves config.json
/// as it was, so that the container runs exactly as under the plain runtime.
void intercept_create(const common::RuntimeCommand& command, const common::Config& config, const std::string& runtime);

/// bundle/config.json as the runtime resolves it (the bundle defaults to the
/// working directory; crun's --config is relative to the bundle).
[[nodiscard]] std::string spec_path(const common::CreateOptions& create);

}  // namespace shim
