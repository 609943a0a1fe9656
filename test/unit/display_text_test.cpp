// SPDX-License-Identifier: Apache-2.0
// Text from a container as it may be shown anywhere: nothing in it ends a line,
// a comment or a string, steers a terminal, or turns text around; bounded.
#include "display_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace common {
namespace {

TEST(DisplayText, PlainTextIsLeftAlone) {
  EXPECT_EQ(display_text("/usr/bin/python3.11"), "/usr/bin/python3.11");
  EXPECT_EQ(display_text("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"), "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
  EXPECT_EQ(display_text(R"(C:\path "quoted")"), R"(C:\path "quoted")");
  EXPECT_TRUE(is_display_safe("/bin/busybox"));
}

TEST(DisplayText, ControlsAreEscaped) {
  EXPECT_EQ(display_text("a\nb\rc\td\x1b[31me\x7f"), "a\\x0ab\\x0dc\\x09d\\x1b[31me\\x7f");
  EXPECT_EQ(display_text(std::string("nul\0x", 5)), "nul\\x00x");
  // C1 controls, U+0085 (NEL) among them, written as UTF-8.
  EXPECT_EQ(display_text("a\xc2\x85z\xc2\x9b"), "a\\u0085z\\u009b");
}

TEST(DisplayText, SeparatorsAndFormatCharactersAreEscaped) {
  // U+2028 and U+2029 end a YAML comment; U+202E turns the rest around; U+200B hides.
  EXPECT_EQ(display_text("x\xe2\x80\xa8y\xe2\x80\xa9z"), "x\\u2028y\\u2029z");
  EXPECT_EQ(display_text("evil\xe2\x80\xaegnp.exe"), "evil\\u202egnp.exe");
  EXPECT_EQ(display_text("a\xe2\x80\x8b"
                         "b\xef\xbb\xbf"
                         "c\xe2\x81\xa6"),
            "a\\u200bb\\ufeffc\\u2066");
  EXPECT_EQ(display_text("\xd8\x9c"), "\\u061c");
}

TEST(DisplayText, BytesThatAreNotUtf8AreEscapedOneByOne) {
  EXPECT_EQ(display_text("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(display_text("\xc3"), "\\xc3");                             // cut short
  EXPECT_EQ(display_text("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(display_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
  EXPECT_EQ(display_text("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
  EXPECT_EQ(display_text("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");      // an emoji is fine
}

TEST(DisplayText, BoundedWithAMarker) {
  const std::string long_path = "/" + std::string(1000, 'a');
  const std::string cut = display_text(long_path, kMaxCallerBytes);
  EXPECT_EQ(cut.size(), kMaxCallerBytes);
  EXPECT_TRUE(cut.ends_with(kCutMarker)) << cut;
  // Escapes count as what they become: 3400 bytes of \x01 would be 13600.
  const std::string escaped = display_text(std::string(3400, '\x01'), kMaxCallerBytes);
  EXPECT_LE(escaped.size(), kMaxCallerBytes);
  EXPECT_TRUE(escaped.ends_with(kCutMarker));
  EXPECT_EQ(escaped.find('\x01'), std::string::npos);
  // A quote or backslash counts twice: JSON writes it so.
  const std::string quotes = display_text(std::string(300, '"'), kMaxCallerBytes);
  EXPECT_LE(quotes.size() + static_cast<std::size_t>(std::count(quotes.begin(), quotes.end(), '"')), kMaxCallerBytes);
  EXPECT_GT(quotes.size(), kMaxCallerBytes / 2);
  // Never a character cut in half.
  const std::string wide = display_text(std::string(200, 'a') + std::string(40, 'x') + "\xe6\x97\xa5\xe6\x97\xa5", 248);
  EXPECT_TRUE(is_display_safe(wide)) << wide;
  // What fits exactly is not cut.
  EXPECT_EQ(display_text(std::string(256, 'a'), 256), std::string(256, 'a'));
}

TEST(DisplayText, EncodingTwiceChangesNothing) {
  for (const std::string& text : {std::string("a\x1b[2Jb"), std::string(3400, '\x01'), std::string(500, 'z'),
                                  std::string("\xe2\x80\xa8\xff") + std::string(400, '"')}) {
    const std::string once = display_text(text, kMaxCallerBytes);
    EXPECT_TRUE(is_display_safe(once)) << once;
    EXPECT_EQ(display_text(once, kMaxCallerBytes), once);
  }
}

}  // namespace
}  // namespace common
