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
/// linux.seccomp section: only the fields that resource has; a rule's "comment"
/// becomes a YAML comment. What it cannot say (defaultErrnoRet) is appended to
/// `dropped`.
[[nodiscard]] std::string seccomp_profile_resource(const rapidjson::Value& seccomp, const ResourceMeta& meta,
                                                   std::vector<std::string>& dropped);

}  // namespace ctl
