// A map literal with plain keys (`{ app = name, "k8s.io/x" = v }`) is built
// straight from its expressions; any other (a `for` block, a path `a.b`, a
// computed or repeated key) goes through a definition tree. The two must
// agree: each case below is evaluated as written and with an empty `for`
// block appended, which forces the general path, and both give the same
// values and the same diagnostics.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "eval/value_text.hpp"
#include "eval_fixture.hpp"

using namespace strata;

namespace {

struct Outcome {
  std::string json, diags;
  std::vector<std::string> codes;
};

// `m` of env `e` (schema `S`, field type `type`) set to `literal` by a
// function, or, with `general`, to `literal` with an entry that produces
// nothing appended.
Outcome run(const std::string& type, const std::string& literal, bool general) {
  std::string body = literal;
  if (general) body.insert(body.rfind('}'), body.find('=') == std::string::npos ? "for x in [1] if false { }" : ", for x in [1] if false { }");
  // Through a function: a literal written in an env body is always part of the env's tree.
  std::string source = "schema S {\n  m: " + type + "\n}\nfn f() -> " + type + " =\n  " + body +
                       "\nenv e: S {\n  m = f()\n}\n";
  auto r = test::evaluate_text(source);
  Outcome o;
  const eval::Value* m = r->field("e", "m");
  o.json = m ? eval::to_json(*m, r->names, false) : "(none)";
  if (!o.json.empty() && o.json.back() == '\n') o.json.pop_back();
  // The messages and notes, without the source lines (the appended entry
  // shows in them) and the directory (each program has its own).
  std::istringstream text(r->text());
  for (std::string line; std::getline(text, line);) {
    if (line.find("error[") == std::string::npos && line.find("= note") == std::string::npos) continue;
    if (std::size_t at = line.find(r->dir.string()); at != std::string::npos) line.erase(at, r->dir.string().size());
    o.diags += line + "\n";
  }
  o.codes = r->codes();
  return o;
}

}  // namespace

TEST_CASE("a map literal with plain keys gives what the general path gives") {
  struct Case {
    const char* type;
    const char* literal;
    const char* json;  // expected value, or null when an error is expected
  };
  const Case cases[] = {
      {"{string: string}", R"({ app = "web", "kubernetes.io/name" = "web" })",
       R"({"app":"web","kubernetes.io/name":"web"})"},
      {"{string: string}", R"({ z = "1", a = "2", m = "3" })", R"({"a":"2","m":"3","z":"1"})"},
      {"{string: string}", R"({ a = "1", a = "2" })", R"({"a":"2"})"},
      {"{string: string}", R"({ a = 1, b = "2" })", nullptr},
      {"{string: string} len 0..1", R"({ a = "1", b = "2" })", nullptr},
      {"{string: string}?", R"({ a = "1" })", R"({"a":"1"})"},
      {"{string: {string: int}}", R"({ b = { y = 2, x = 1 }, a = {} })", R"({"a":{},"b":{"x":1,"y":2}})"},
      {"{string: {string: int}}", R"({ a = { x = "no" } })", nullptr},
      {"{string: cpu}", R"({ a = 500m, b = 2 })", R"({"a":"500m","b":"2"})"},
      {"{string: string}", R"({ "${"a"}b" = "1", c = "2" })", R"({"ab":"1","c":"2"})"},
      {"{string: string}", R"({ a.b = "1" })", nullptr},
      {"{string: int}", R"({ a = 1 + "x" })", nullptr},
      {"{string: string}", "{}", "{}"},
  };
  for (const Case& c : cases) {
    INFO(c.type << " = " << c.literal);
    Outcome direct = run(c.type, c.literal, false), general = run(c.type, c.literal, true);
    CHECK(direct.json == general.json);
    CHECK(direct.diags == general.diags);
    CHECK(direct.codes == general.codes);
    if (c.json) {
      CHECK(direct.json == c.json);
      CHECK(direct.codes.empty());
    } else {
      CHECK(!direct.codes.empty());
    }
  }
}
