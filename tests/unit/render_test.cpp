#include <doctest/doctest.h>

#include "base/render.hpp"

using namespace strata::base;

namespace {

struct Fixture {
  SourceManager sm;
  FileId id;
  explicit Fixture(std::string text) : id(sm.add("dir/main.strata", std::move(text))) {}
  Diagnostic diag(std::uint32_t b, std::uint32_t e, std::string msg = "expected `}`, found `x`") {
    return Diagnostic{DiagKind::Expected, Severity::Error, {id, {b, e}}, std::move(msg), {}};
  }
};

}  // namespace

TEST_CASE("text rendering: header, source line, carets under the whole range, notes") {
  Fixture f("let a = 1\nlet bad = [1, 2\n");
  Diagnostic d = f.diag(14, 17);
  d.notes.push_back({{f.id, {0, 3}}, "declared here"});
  d.notes.push_back({{}, "a note without a place"});
  CHECK(render_text(f.sm, d, {}) ==
        "dir/main.strata:2:5: error[E0100]: expected `}`, found `x`\n"
        "  2 | let bad = [1, 2\n"
        "    |     ^^^\n"
        "dir/main.strata:1:1: note: declared here\n"
        "  1 | let a = 1\n"
        "    | ^^^\n"
        "  = note: a note without a place\n");
}

TEST_CASE("colour codes appear only when asked for") {
  Fixture f("x\n");
  CHECK(render_text(f.sm, f.diag(0, 1), {false}).find('\x1b') == std::string::npos);
  CHECK(render_text(f.sm, f.diag(0, 1), {true}).find("\x1b[1;31m") != std::string::npos);
}

TEST_CASE("tabs and non-ASCII text keep the carets aligned") {
  Fixture f("\tlet é = x\n");
  std::string out = render_text(f.sm, f.diag(8, 9), {});  // the `=` after "\tlet é "
  CHECK(out.find("  1 |     let é = x\n    |           ^\n") != std::string::npos);
}

TEST_CASE("long lines are clipped around the range") {
  std::string line(100000, 'a');
  line[50000] = '!';
  Fixture f(line);
  std::string out = render_text(f.sm, f.diag(50000, 50001), {});
  CHECK(out.size() < 500);
  CHECK(out.find("...") != std::string::npos);
  auto bang = out.find('!', out.find('|'));
  auto caret = out.find('^');
  auto line_start = out.find('|');
  auto caret_line_start = out.rfind('|', caret);
  CHECK(bang - line_start == caret - caret_line_start);
}

TEST_CASE("control bytes and invalid UTF-8 are shown escaped") {
  Fixture f(std::string("a\x01" "b\xFF" "c", 5));
  std::string out = render_text(f.sm, f.diag(3, 4), {});
  CHECK(out.find("a\\x01b\\xFFc") != std::string::npos);
  CHECK(out.find("    |       ^^^^\n") != std::string::npos);
}

TEST_CASE("JSON rendering: one object per line with 1-based, end-exclusive ranges") {
  Fixture f("ab\n\"q\"\n");
  Diagnostic d = f.diag(3, 6, "a \"quoted\" \\ message\twith\ncontrol");
  d.notes.push_back({{f.id, {0, 2}}, "here"});
  d.notes.push_back({{}, "nowhere"});
  CHECK(render_json(f.sm, d) ==
        "{\"file\":\"dir/main.strata\",\"range\":{\"start\":{\"line\":2,\"column\":1},\"end\":{\"line\":2,"
        "\"column\":4}},\"severity\":\"error\",\"code\":\"E0100\",\"message\":\"a \\\"quoted\\\" \\\\ "
        "message\\twith\\ncontrol\",\"notes\":[{\"file\":\"dir/main.strata\",\"range\":{\"start\":{\"line\":1,"
        "\"column\":1},\"end\":{\"line\":1,\"column\":3}},\"message\":\"here\"},{\"file\":null,\"range\":null,"
        "\"message\":\"nowhere\"}]}\n");
}

TEST_CASE("a diagnostic without a position renders without a source line") {
  SourceManager sm;
  Diagnostic d{DiagKind::CannotRead, Severity::Error, {}, "cannot read `x`", {}};
  CHECK(render_text(sm, d, {}) == "error[E0009]: cannot read `x`\n");
}
