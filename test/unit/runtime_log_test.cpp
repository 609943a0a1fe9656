// SPDX-License-Identifier: Apache-2.0
#include "runtime/runtime_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "file_io.hpp"
#include "json_doc.hpp"
#include "temp_dir.hpp"

namespace common {
namespace {

TEST(RuntimeLog, TextLinesLookLikeLogrus) {
  EXPECT_EQ(format_runtime_log_line(LogFormat::kText, "warning", "a \"quoted\" word", "2026-01-02T03:04:05Z"),
            "time=\"2026-01-02T03:04:05Z\" level=warning msg=\"a \\\"quoted\\\" word\"\n");
}

TEST(RuntimeLog, JsonLinesParseAndCarryLevelMsgTime) {
  const std::string line = format_runtime_log_line(LogFormat::kJson, "error", "bad\n\tthing\x01", "T");
  const auto doc = parse_json(line, "log line");
  EXPECT_STREQ(doc["level"].GetString(), "error");
  EXPECT_STREQ(doc["msg"].GetString(), "bad\n\tthing\x01");
  EXPECT_STREQ(doc["time"].GetString(), "T");
}

TEST(RuntimeLog, SetupAppendsToTheRuntimesLogFile) {
  test::TempDir dir;
  const std::string path = dir / "runc.log";
  write_file_atomically(path, "{\"level\":\"info\",\"msg\":\"from runc\",\"time\":\"x\"}\n", 0644);
  setup_runtime_log({path, LogFormat::kJson, false}, "seccomp-witness");
  spdlog::debug("hidden without --debug");
  spdlog::warn("container {}: hello", "c1");
  spdlog::shutdown();
  const std::string text = read_regular_file(path, 4096);
  const auto second = text.substr(text.find('\n') + 1);
  const auto doc = parse_json(second.substr(0, second.size() - 1), "second line");
  EXPECT_STREQ(doc["level"].GetString(), "warning");
  EXPECT_STREQ(doc["msg"].GetString(), "seccomp-witness: container c1: hello");
  EXPECT_EQ(text.find("hidden"), std::string::npos);
}

TEST(RuntimeLog, FormatNames) {
  EXPECT_EQ(parse_log_format("json"), LogFormat::kJson);
  EXPECT_EQ(parse_log_format("text"), LogFormat::kText);
  EXPECT_EQ(parse_log_format(""), LogFormat::kText);
}

}  // namespace
}  // namespace common
