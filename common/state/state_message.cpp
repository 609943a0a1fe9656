// SPDX-License-Identifier: Apache-2.0
#include "state/state_message.hpp"

#include "json_doc.hpp"

namespace common {

StateMessage parse_state_message(std::string_view text) {
  const rapidjson::Document doc = parse_json(text, "state message");
  if (!doc.IsObject()) throw JsonError("state message: not an object");
  StateMessage out;
  if (const auto* fds = find_field(doc, "fds", "state message"); fds != nullptr) {
    if (!fds->IsArray()) throw JsonError("state message: fds is not an array");
    for (const auto& name : fds->GetArray()) {
      if (!name.IsString()) throw JsonError("state message: an fd name is not a string");
      out.fds.emplace_back(name.GetString(), name.GetStringLength());
    }
  }
  if (const auto* pid = find_field(doc, "pid", "state message"); pid != nullptr && pid->IsInt())
    out.pid = pid->GetInt();
  const auto* state = find_field(doc, "state", "state message");
  if (state != nullptr && state->IsObject()) {
    if (const auto* id = find_field(*state, "id", "state message state"); id != nullptr && id->IsString())
      out.container_id.assign(id->GetString(), id->GetStringLength());
    if (const auto* init = find_field(*state, "pid", "state message state"); init != nullptr && init->IsInt())
      out.init_pid = init->GetInt();
  }
  return out;
}

}  // namespace common
