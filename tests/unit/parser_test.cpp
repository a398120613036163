#include <doctest/doctest.h>

#include "ast/dump.hpp"
#include "test_support.hpp"

using strata::test::parse_text;

TEST_CASE("five syntax errors in one file give five diagnostics and a partial tree") {
  auto p = parse_text(
      "let a = 1 +\n"                        // 1: missing operand (reported at line 2)
      "let b = 2\n"
      "schema S {\n"
      "  x: int = )\n"                       // 4: missing default
      "  y: string\n"
      "  z: [int\n"                          // 6: missing `]` (reported at line 7)
      "}\n"
      "env e: S {\n"
      "  x = (1 + )\n"                       // 9: missing operand
      "  y = \"ok\"\n"
      "}\n"
      "enum E { a, b, 3 }\n"                  // 12: not a case name
      "let c = 3\n");
  REQUIRE(p->sink.error_count() == 5);
  CHECK(p->pos(0).line == 2);
  CHECK(p->pos(1).line == 4);
  CHECK(p->pos(1).col == 12);
  CHECK(p->pos(2).line == 7);
  CHECK(p->pos(3).line == 9);
  CHECK(p->pos(3).col == 12);
  CHECK(p->pos(4).line == 12);
  CHECK(p->pos(4).col == 16);
  // Declarations that could be read survive: b, S (with y), e (with y), c.
  std::string tree = strata::ast::dump(p->file, p->names);
  CHECK(tree.find("(let b 2)") != std::string::npos);
  CHECK(tree.find("(field y string)") != std::string::npos);
  CHECK(tree.find("(= y \"ok\")") != std::string::npos);
  CHECK(tree.find("(let c 3)") != std::string::npos);
}

TEST_CASE("operator precedence and associativity") {
  auto p = parse_text("let x = 1 + 2 * 3 - 4 / 2 .. 10 ?? 0 == y && !z || -w > 2\n");
  REQUIRE(p->sink.error_count() == 0);
  CHECK(strata::ast::dump(p->file, p->names) ==
        "(let x (|| (&& (== (?? (.. (- (+ 1 (* 2 3)) (/ 4 2)) 10) 0) y) (! z)) (> (- w) 2)))\n");
}

TEST_CASE("chained comparisons are an error that names the second operator") {
  auto p = parse_text("let x = 1 < 2 < 3\n");
  REQUIRE(p->codes() == std::vector<std::string>{"E0107"});
  CHECK(p->pos(0).col == 15);
}

TEST_CASE("units, floats and integer limits") {
  auto p = parse_text("let a = [250m, 1Gi, 1h30m, 70%, 1.5, 1e3, 1_000, 9223372036854775807]\n");
  REQUIRE(p->sink.error_count() == 0);
  CHECK(strata::ast::dump(p->file, p->names) ==
        "(let a (list (unit 250m) (unit 1Gi) (unit 1h30m) (unit 70%) 1.5 1000.0 1000 9223372036854775807))\n");
  auto q = parse_text("let a = 9223372036854775808\nlet b = 5xyz\nlet c = 1h30\n");
  CHECK(q->codes() == std::vector<std::string>{"E0104", "E0102", "E0102"});
}

TEST_CASE("strings: escapes, interpolation, multi-line with indentation removed") {
  auto p = parse_text(
      "let a = \"tab\\tq\\\"\\u{e9}\\$x ${b + 1} end\"\n"
      "let m = \"\"\"\n"
      "    line one\n"
      "      indented ${x}\n"
      "    \"\"\"\n");
  REQUIRE(p->sink.error_count() == 0);
  CHECK(strata::ast::dump(p->file, p->names) ==
        "(let a (str \"tab\\tq\\\"é$x \" ${(+ b 1)} \" end\"))\n"
        "(let m (str \"line one\\n  indented \" ${x}))\n");
}

TEST_CASE("contextual keywords stay usable as names") {
  auto p = parse_text(
      "schema S { type: string, env: {string: string}, output: int, len: int }\n"
      "env e: S { type = \"ClusterIP\", env = {}, output = 1, len = 2 }\n");
  CHECK(p->sink.error_count() == 0);
  auto q = parse_text("let if = 3\n");
  CHECK(q->codes() == std::vector<std::string>{"E0105"});
}

TEST_CASE("doc comments attach to declarations, members and enum cases") {
  auto p = parse_text(
      "/// The level.\n/// Two lines.\nenum L {\n  /// lowest\n  debug\n  info\n}\n"
      "//// not a doc comment\nlet x = 1\n");
  REQUIRE(p->sink.error_count() == 0);
  CHECK(strata::ast::dump(p->file, p->names) ==
        "(enum L debug (doc \"lowest\") info) (doc \"The level.\\nTwo lines.\")\n(let x 1)\n");
  CHECK(p->file.comments.size() == 4);
}

TEST_CASE("every node range lies inside the file and starts at its first token") {
  auto p = parse_text("  let   x = foo.bar(1)   \n");
  REQUIRE(p->file.decls.size() == 1);
  CHECK(p->file.decls[0]->range.begin == 2);
  CHECK(p->file.decls[0]->range.end == 22);
}

TEST_CASE("a missing `}` does not swallow the declarations after it") {
  std::pair<const char*, unsigned> cases[] = {
      {"schema Database {\n  host: string\n  port: int = 5432\n\nlet x = 1\n", 5},
      {"env base: App {\n  replicas = 3\n\nlet x = 1\n", 4},
      {"let db = { host = \"x\"\n\nlet x = 1\n", 3}};
  for (auto [text, line] : cases) {
    CAPTURE(text);
    auto p = parse_text(text);
    REQUIRE(p->codes() == std::vector<std::string>{"E0100"});
    CHECK(p->text().find("expected `}`, found `let`") != std::string::npos);
    CHECK(p->pos(0).line == line);
    CHECK(strata::ast::dump(p->file, p->names).find("(let x 1)") != std::string::npos);
  }
}

TEST_CASE("a keyword used as a field, parameter or entry name is E0105") {
  for (const char* text : {"schema S { if: int }\n", "fn f(in: int) -> int = 1\n", "env e: S { for = 1 }\n",
                           "let a = f(then = 1)\n"}) {
    CAPTURE(text);
    auto p = parse_text(text);
    CHECK(p->codes() == std::vector<std::string>{"E0105"});
  }
}

TEST_CASE("an entry written with `:` says that `=` was expected") {
  auto p = parse_text("env e: S {\n  replicas: 3\n}\n");
  REQUIRE(p->codes() == std::vector<std::string>{"E0100"});
  CHECK(p->text().find("expected `=`, found `:`") != std::string::npos);
}

TEST_CASE("characters that start no token are E0106") {
  for (const char* text : {"env e: S { a = 1 # comment\n}\n", "let x = 1 ^ 2\n", "let x = @y\n",
                           "let name = `api`\n", "let x = 1 \\ 2\n"}) {
    CAPTURE(text);
    auto p = parse_text(text);
    CHECK(p->codes() == std::vector<std::string>{"E0106"});
  }
  auto p = parse_text("let name = `api`\n");
  CHECK(p->text().find("unexpected character: a backtick") != std::string::npos);
}

TEST_CASE("floats keep a decimal point in the dump") {
  auto p = parse_text("let a = [1.25e3, 2.5, 1e-2]\n");
  CHECK(strata::ast::dump(p->file, p->names) == "(let a (list 1250.0 2.5 0.01))\n");
}

TEST_CASE("an enum literal at the start of a line is not a member access") {
  auto p = parse_text("let a = match mode {\n  .debug => 1\n  .info => 2\n  _ => 3\n}\n");
  REQUIRE(p->sink.error_count() == 0);
  CHECK(strata::ast::dump(p->file, p->names) == "(let a (match mode (arm .debug 1) (arm .info 2) (arm _ 3)))\n");
  auto q = parse_text("let b = x.y\n  .z\n");  // a `.` that starts a line never continues an expression
  CHECK(q->codes() == std::vector<std::string>{"E0101"});
}

TEST_CASE("multi-line strings: escaped backslash before the closing quotes, spaces after the opening ones") {
  auto p = parse_text("let a = \"\"\"\n  x\n  y\\\\\"\"\"\nlet b = \"\"\"   \n    z\n    \"\"\"\n");
  REQUIRE(p->sink.error_count() == 0);
  // The closing quotes of `a` are not on a line of their own: no indentation is removed.
  CHECK(strata::ast::dump(p->file, p->names) == "(let a \"  x\\n  y\\\\\")\n(let b \"z\")\n");
}

TEST_CASE("a float literal out of range is E0104") {
  auto p = parse_text("let a = 1e999\n");
  CHECK(p->codes() == std::vector<std::string>{"E0104"});
}

TEST_CASE("a comma needs an item before it") {
  for (const char* text : {"let a = [,]\n", "let a = f(,)\n", "fn f(,) -> int = 1\n"}) {
    CAPTURE(text);
    auto p = parse_text(text);
    CHECK(p->sink.error_count() == 1);
  }
  auto ok = parse_text("let a = [1, 2,]\nlet b = f(1,)\nfn g(x: int,) -> int = x\n");
  CHECK(ok->sink.error_count() == 0);
}

TEST_CASE("unprintable characters are named by code point in messages") {
  auto p = parse_text("let x = 1 \x7f 2\nlet y = 1 \xC2\xA0 2\n");
  REQUIRE(p->codes() == std::vector<std::string>{"E0106", "E0106"});
  CHECK(p->text().find("unexpected character: U+007F") != std::string::npos);
  CHECK(p->text().find("unexpected character: U+00A0") != std::string::npos);
}
