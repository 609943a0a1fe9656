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

}  // namespace
}  // namespace common
