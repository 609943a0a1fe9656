// SPDX-License-Identifier: Apache-2.0
#include "json_doc.hpp"

#include <gtest/gtest.h>

#include <string>

namespace common {
namespace {

TEST(JsonDoc, RoundTripKeepsOrderAndNumbers) {
  const std::string text = R"({"z":1,"a":[18446744073709551615,-1,0.5,1e+300,true,null],"m":{"y":"\u00e9\n","b":{}}})";
  EXPECT_EQ(to_json(parse_json(text, "t")), R"({"z":1,"a":[18446744073709551615,-1,0.5,1e300,true,null],)"
                                            "\"m\":{\"y\":\"\xc3\xa9\\n\",\"b\":{}}}");
}

TEST(JsonDoc, ErrorsNameTheOriginAndOffset) {
  try {
    (void)parse_json(R"({"a":})", "/b/config.json");
    FAIL();
  } catch (const JsonError& e) {
    EXPECT_EQ(std::string(e.what()), "'/b/config.json': invalid JSON at byte 5: Invalid value.");
  }
}

TEST(JsonDoc, RejectsInvalidUtf8) {
  EXPECT_THROW((void)parse_json("{\"a\":\"\xff\xfe\"}", "t"), JsonError);
}

TEST(JsonDoc, RejectsTrailingGarbageAndEmptyInput) {
  EXPECT_THROW((void)parse_json("{} x", "t"), JsonError);
  EXPECT_THROW((void)parse_json("", "t"), JsonError);
}

TEST(JsonDoc, RejectsDeepNestingWithoutRecursing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THROW((void)parse_json(deep, "t"), JsonError);
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_NO_THROW((void)parse_json(ok, "t"));
  // Brackets inside strings do not count.
  EXPECT_NO_THROW((void)parse_json("[\"" + std::string(10000, '[') + "\"]", "t"));
}

TEST(JsonDoc, FindFieldIgnoresCaseAndRefusesAmbiguity) {
  auto doc = parse_json(R"({"Linux":1,"other":2})", "t");
  ASSERT_NE(find_field(doc, "linux", "config"), nullptr);
  EXPECT_EQ(find_field(doc, "linux", "config")->GetInt(), 1);
  EXPECT_EQ(find_field(doc, "missing", "config"), nullptr);
  auto dup = parse_json(R"({"linux":1,"LINUX":2})", "t");
  EXPECT_THROW((void)find_field(dup, "linux", "config"), JsonError);
}

TEST(JsonDoc, NumbersFuzzingFoundAreParsed) {
  // Each of these once reached undefined behaviour in RapidJSON's full-precision
  // parser (this test runs under UBSan in CI).
  const std::string tiny = "0." + std::string(400, '0') + "1";
  for (const std::string& number : {std::string("0e-88"), std::string("1e-500"), std::string("184467440737095516156"),
                                    std::string("0.000184467440737095516156"), tiny}) {
    const auto doc = parse_json(number, "t.json");
    EXPECT_TRUE(doc.IsNumber()) << number;
  }
}

}  // namespace
}  // namespace common
