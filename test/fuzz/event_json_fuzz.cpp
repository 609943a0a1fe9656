// SPDX-License-Identifier: Apache-2.0
// libFuzzer: events.jsonl's and summary.json's writer. Whatever bytes a container
// and a pod's author choose as comm, exe, detail and pod names, an event line is
// one JSON object of at most 1 KiB, valid UTF-8, with exactly the keys it has for
// plain names, the caller's text in display form; a summary holding them is JSON
// with the same records.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "display_text.hpp"
#include "state/summary_json.hpp"
#include "state/syscall_tally.hpp"

namespace {

/// The input cut into four texts at NUL bytes.
void split(std::string_view in, std::string (&out)[4]) {
  for (auto& part : out) {
    const auto at = in.find('\0');
    part = std::string(in.substr(0, at));
    in = at == std::string_view::npos ? std::string_view() : in.substr(at + 1);
  }
}

std::set<std::string> keys(const rapidjson::Value& object) {
  std::set<std::string> out;
  for (const auto& member : object.GetObject()) out.emplace(member.name.GetString());
  return out;
}

rapidjson::Document parsed(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) std::abort();
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text[4];
  split(std::string_view(reinterpret_cast<const char*>(data), size), text);
  common::MonitorSpec spec;
  spec.container_id = "c";
  spec.pod = common::display_text(text[3], common::kMaxNameBytes);
  spec.pod_namespace = spec.pod;
  spec.container_name = spec.pod;
  // As the process reader keeps them.
  const common::ProcessInfo caller{7, common::display_text(text[0], common::kMaxCallerBytes),
                                   common::display_text(text[1], common::kMaxCallerBytes)};
  const std::string detail = common::display_text(text[2], common::kMaxCallerBytes);
  const auto now = std::chrono::system_clock::now();
  const common::Verdict verdict{common::Verdict::Kind::kErrno, 1};

  const std::string line = common::event_json(spec, "chroot", verdict, common::CallClass::kViolation, caller, now,
                                              detail.empty() ? "d" : detail);
  if (line.size() > common::kMaxEventBytes || line.find('\n') != std::string::npos) std::abort();
  const auto event = parsed(line);
  const std::string plain = common::event_json(common::MonitorSpec{}, "chroot", verdict, common::CallClass::kViolation,
                                               {7, "sh", "/bin/sh"}, now, "d");
  const auto expected = parsed(plain);
  if (keys(event) != keys(expected) || keys(event["caller"]) != keys(expected["caller"])) std::abort();
  if (!common::is_display_safe(event["caller"]["comm"].GetString())) std::abort();

  common::SyscallTally tally;
  tally.record("chroot", verdict, common::CallClass::kViolation, caller, now, detail);
  tally.record("swapoff", verdict, common::CallClass::kViolation, caller, now, detail);
  const auto summary = parsed(common::summary_json(spec, tally, common::ContainerState::kWatching, "", 0));
  if (summary["total"].GetUint64() != 2 || summary["syscalls"].Size() != 2) std::abort();
  if (std::string_view(summary["syscalls"][0]["callers"][0]["exe"].GetString()) != caller.exe) std::abort();
  return 0;
}
