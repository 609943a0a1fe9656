// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace ctl {

/// Where a SeccompProfile resource goes and what it says of itself.
struct ResourceMeta {
  std::string name;
  std::string name_space;  ///< empty: none written (kubectl's current namespace)
  std::string from;        ///< the containers it was suggested from, for an annotation
};

/// A Security Profiles Operator SeccompProfile (v1beta1) for `seccomp`, an OCI
/// linux.seccomp section: only the fields that resource has, written by
/// yaml-cpp's emitter. A rule's "comment" (what was seen, callers among it)
/// becomes the annotation seccomp-witness.io/rule-<its index in spec.syscalls>:
/// text from containers goes only into double-quoted, escaped scalars, never into
/// a comment. What it cannot say (defaultErrnoRet) is appended to `dropped`.
[[nodiscard]] std::string seccomp_profile_resource(const rapidjson::Value& seccomp, const ResourceMeta& meta,
                                                   std::vector<std::string>& dropped);

}  // namespace ctl
