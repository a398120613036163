// Hostile input never crashes: each case gets a diagnostic with a position.
#include <doctest/doctest.h>

#include "test_support.hpp"

using strata::test::parse_text;
using Codes = std::vector<std::string>;

TEST_CASE("a NUL byte") {
  auto p = parse_text(std::string("let a = 1\nlet b\0 = 2\n", 21));
  CHECK(p->codes() == Codes{"E0002"});
  CHECK(p->pos(0).line == 2);
  CHECK(p->pos(0).col == 6);
}

TEST_CASE("invalid UTF-8: lone continuation byte, overlong form, truncated sequence") {
  auto p = parse_text("let a = \"\x80\"\nlet b = \"\xC0\xAF\"\nlet c = \"\xE2\x82\"\n");
  CHECK(p->codes() == Codes{"E0001", "E0001", "E0001"});
  CHECK(p->text().find("stray continuation byte 0x80") != std::string::npos);
  CHECK(p->text().find("overlong encoding") != std::string::npos);
  CHECK(p->text().find("truncated sequence") != std::string::npos);
  CHECK(p->pos(0).line == 1);
  CHECK(p->pos(2).line == 3);
}

TEST_CASE("a UTF-8 byte order mark is accepted") {
  auto p = parse_text("\xEF\xBB\xBFlet a = 1\n");
  CHECK(p->sink.error_count() == 0);
  CHECK(p->file.decls.size() == 1);
}

TEST_CASE("a UTF-16 byte order mark is rejected") {
  auto p = parse_text(std::string("\xFF\xFEl\0e\0t\0", 8));
  CHECK(p->codes() == Codes{"E0003"});
  CHECK(p->pos(0).line == 1);
}

TEST_CASE("CRLF and lone CR line endings give the same line numbers as LF") {
  for (const char* nl : {"\n", "\r\n", "\r"}) {
    std::string text = std::string("let a = 1") + nl + "// c" + nl + nl + "let b = )" + nl;
    auto p = parse_text(text);
    REQUIRE(p->codes() == Codes{"E0100"});
    CHECK(p->pos(0).line == 4);
    CHECK(p->pos(0).col == 9);
  }
}

TEST_CASE("an unterminated string points at where it opened") {
  auto p = parse_text("let a = 1\nlet b = \"abc\nlet c = 2\n");
  CHECK(p->codes() == Codes{"E0004"});
  CHECK(p->pos(0).line == 2);
  CHECK(p->pos(0).col == 9);
  auto q = parse_text("let a = \"\"\"\n  text\n");
  CHECK(q->codes() == Codes{"E0004"});
  CHECK(q->pos(0).col == 9);
}

TEST_CASE("an unterminated block comment points at where it opened") {
  auto p = parse_text("let a = 1\n  /* open\n\nlet b = 2\n");
  CHECK(p->codes() == Codes{"E0005"});
  CHECK(p->pos(0).line == 2);
  CHECK(p->pos(0).col == 3);
}

TEST_CASE("a 16 MiB single line") {
  std::string big = "let a = \"" + std::string(16u << 20, 'x') + "\"";
  auto ok = parse_text(big + "\n");
  CHECK(ok->sink.error_count() == 0);
  auto bad = parse_text(big + " 2\n");
  REQUIRE(bad->codes() == Codes{"E0101"});
  CHECK(bad->pos(0).line == 1);
  CHECK(bad->pos(0).col == big.size() + 2);
  CHECK(bad->text().size() < 1000);  // the excerpt is clipped
}

TEST_CASE("a 1 MiB single line of list items") {
  std::string big = "let a = [";
  while (big.size() < (1u << 20)) big += "1,";
  auto ok = parse_text(big + "1]\n");
  CHECK(ok->sink.error_count() == 0);
  auto bad = parse_text(big + "1 2]\n");
  REQUIRE(bad->codes() == Codes{"E0100"});
  CHECK(bad->pos(0).col == big.size() + 3);
}

TEST_CASE("brackets nested 100,000 deep end in a depth error, not a stack overflow") {
  for (const char* open : {"[", "(", "{a = "}) {
    std::string text = "let a = ";
    for (int i = 0; i < 100000; ++i) text += open;
    text += "\nlet b = 1\n";
    auto p = parse_text(text);
    REQUIRE(!p->codes().empty());
    CHECK(p->codes().front() == "E0006");
    CHECK(p->pos(0).line == 1);
    CHECK(p->file.decls.size() == 1);  // `let b` is still read
  }
  std::string types = "let a: ";
  for (int i = 0; i < 100000; ++i) types += "[";
  auto t = parse_text(types + "\n");
  CHECK(t->codes().front() == "E0006");
  std::string ifs = "let a = ";
  for (int i = 0; i < 100000; ++i) ifs += "if x then ";
  auto f = parse_text(ifs + "1\n");
  CHECK(f->codes().front() == "E0006");
  std::string unary = "let a = ";
  for (int i = 0; i < 100000; ++i) unary += "-";
  auto u = parse_text(unary + "1\n");  // prefix operators are read in a loop: no limit needed
  CHECK(u->sink.error_count() == 0);
}

TEST_CASE("an empty file parses to nothing") {
  auto p = parse_text("");
  CHECK(p->sink.error_count() == 0);
  CHECK(p->file.decls.empty());
}

TEST_CASE("stray bytes and unknown characters never crash") {
  for (std::string junk : {"@", "let a = @", "}}}}", ")))", "let", "schema", "env x", "\"${", "let a = \"${\"",
                           "let a = \"${1\"", "/", "let a = 1 /", "output for", "let a = [for", "let a = {for x in",
                           "let a = .", "let a = 1..", "enum {", "fn f(", "check c(", "let a = match x {",
                           "schema S { check }", "let a = \"\\u{110000}\"", "let a = \"\\q\"", "let a: {string:",
                           "let a = x?.", "import", "import \"x\" as", "abstract", "abstract env",
                           "type T = int in", "type T = string matches", "type T = string matches /x"}) {
    CAPTURE(junk);
    auto p = parse_text(junk + "\n");
    CHECK(p->sink.error_count() >= 1);
    auto q = parse_text(junk);  // and without the final newline
    CHECK(q->sink.error_count() >= 1);
  }
}

TEST_CASE("a UTF-8 byte order mark does not shift columns on line 1") {
  auto p = parse_text("\xEF\xBB\xBFlet replicas = 3 + * 2\n");
  REQUIRE(p->codes() == Codes{"E0100"});
  CHECK(p->pos(0).col == 20);
  CHECK(p->text().find("\xEF\xBB\xBF") == std::string::npos);  // not shown in the excerpt
}

TEST_CASE("a UTF-32 byte order mark is named as UTF-32") {
  auto p = parse_text(std::string("\xFF\xFE\0\0l\0\0\0", 8));
  REQUIRE(p->codes() == Codes{"E0003"});
  CHECK(p->text().find("UTF-32") != std::string::npos);
  CHECK(p->text().find("iconv -f UTF-32") != std::string::npos);
}

TEST_CASE("an interpolation left open on its line is one error at the string") {
  auto p = parse_text("let s = \"abc ${x\"\nlet t = 1\n");
  REQUIRE(p->codes() == Codes{"E0004"});
  CHECK(p->pos(0).col == 9);
  CHECK(p->text().find("`${`") != std::string::npos);
}
