#include <doctest/doctest.h>

#include "base/source.hpp"
#include "base/utf8.hpp"

using namespace strata::base;

TEST_CASE("line tables treat LF, CRLF and a lone CR alike") {
  for (const char* nl : {"\n", "\r\n", "\r"}) {
    std::string text = std::string("ab") + nl + "cd" + nl + nl + "é!";
    SourceFile f("x", text);
    CHECK(f.line_count() == 4);
    CHECK(f.line_text(1) == "ab");
    CHECK(f.line_text(2) == "cd");
    CHECK(f.line_text(3) == "");
    CHECK(f.line_text(4) == "é!");
    auto bang = static_cast<std::uint32_t>(text.find('!'));
    CHECK(f.line_col(bang).line == 4);
    CHECK(f.line_col(bang).col == 2);  // columns count code points, not bytes
  }
}

TEST_CASE("line_col clamps past the end") {
  SourceFile f("x", "ab\ncd");
  CHECK(f.line_col(1000).line == 2);
  CHECK(f.line_col(1000).col == 3);
}

TEST_CASE("UTF-8 validation") {
  CHECK(utf8_sequence_length("a", 0) == 1);
  CHECK(utf8_sequence_length("é", 0) == 2);
  CHECK(utf8_sequence_length("€", 0) == 3);
  CHECK(utf8_sequence_length("😀", 0) == 4);
  CHECK(utf8_sequence_length("\x80", 0) == 0);          // lone continuation byte
  CHECK(utf8_sequence_length("\xC0\xAF", 0) == 0);      // overlong '/'
  CHECK(utf8_sequence_length("\xE0\x80\xAF", 0) == 0);  // overlong
  CHECK(utf8_sequence_length("\xED\xA0\x80", 0) == 0);  // surrogate
  CHECK(utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
  CHECK(utf8_sequence_length("\xE2\x82", 0) == 0);      // truncated
  CHECK(utf8_sequence_length("\xFF", 0) == 0);
}
