// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace common {

/// One line to the system journal (syslog(3), ident "seccomp-witness", facility
/// daemon): where an operator looks when an engine keeps no runtime log of its
/// own. Silently nothing where no syslog socket exists.
void journal_warning(std::string_view message);

}  // namespace common
