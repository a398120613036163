// The C++ header emitter: names, escaping, type mapping, diagnostics. The
// headers of tests/golden/build/cxx_* are golden tests of `strata build`
// (tests/golden/build/*.golden), and the cxx-header test compiles them.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "emit/cxx_detail.hpp"
#include "eval_fixture.hpp"

// The C++ header of a one-file project: the project is evaluated with the
// fixture, and the request of its first
// `output "..." = cxx.header(Schema, namespace = "...", values = {k = env, ...})`
// is read from the syntax tree (values in key order, as the evaluator's map).
namespace {

using namespace strata;
using test::Evaluated;

struct CxxCase {
  std::unique_ptr<Evaluated> ev;
  std::optional<std::string> header;
  /// Every diagnostic, evaluation and emitter, as text.
  std::string diagnostics() const { return ev->text(); }
};

std::string plain_text(const ast::Expr* e) {
  std::string out;
  if (const auto* s = std::get_if<ast::StringLit>(&e->node))
    for (const ast::StringPart& p : s->parts) out += p.text;
  return out;
}

/// Evaluates source and writes the header of its first `cxx.header` output.
CxxCase cxx_case(const std::string& source) {
  CxxCase c;
  c.ev = test::evaluate_text(source);
  Evaluated& ev = *c.ev;
  if (!ev.program.entry || !ev.evaluation) return c;
  const sema::Module& entry = *ev.program.entry;
  emit::CxxHeaderRequest req;
  const ast::Call* call = nullptr;
  for (const ast::Decl* d : entry.ast.decls)
    if (const auto* out = std::get_if<ast::OutputDecl>(&d->node); out && !call && !out->entries.empty())
      if (const ast::Expr* v = out->entries[0]->value) {
        call = std::get_if<ast::Call>(&v->node);
        req.where = {entry.file, v->range};
      }
  if (!call) return c;
  for (const ast::Arg& a : call->args) {
    std::string_view name = a.name.sym.valid() ? ev.names.str(a.name.sym) : std::string_view();
    if (name.empty()) {
      if (const auto* id = std::get_if<ast::Ident>(&a.value->node))
        if (const sema::Entity* e = sema::find_entity(entry, id->name))
          req.schema = const_cast<sema::TypeTable&>(ev.evaluation->types()).schema(*e);
    } else if (name == "namespace") {
      req.ns = plain_text(a.value);
    } else if (name == "values") {
      if (const auto* rec = std::get_if<ast::RecordLit>(&a.value->node))
        for (const ast::Entry* en : rec->entries) {
          if (en->path.size() != 1 || !en->value) continue;
          std::string key;
          if (const auto* id = std::get_if<ast::Ident>(&en->path[0].expr->node)) key = ev.names.str(id->name);
          else key = plain_text(en->path[0].expr);
          const auto* env_id = std::get_if<ast::Ident>(&en->value->node);
          const eval::EnvValue* env = env_id ? ev.evaluation->env(ev.names.str(env_id->name)) : nullptr;
          if (env) req.envs.emplace_back(key, env->value);
        }
      std::sort(req.envs.begin(), req.envs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
  }
  c.header = emit::cxx_header_text(req, ev.names, ev.sink);
  return c;
}

}  // namespace

using namespace strata::emit::cxx;

TEST_CASE("cxx: names") {
  CHECK(is_hazard_name("class"));
  CHECK(is_hazard_name("co_await"));
  CHECK(is_hazard_name("linux"));
  CHECK(is_hazard_name("errno"));
  CHECK(is_hazard_name("max"));
  CHECK(is_hazard_name("std"));
  CHECK(is_hazard_name("NULL"));
  CHECK(is_hazard_name("EOF"));
  CHECK(is_hazard_name("HTTP_PORT"));
  CHECK(is_hazard_name("A1"));
  CHECK_FALSE(is_hazard_name("port"));
  CHECK_FALSE(is_hazard_name("Port"));
  CHECK_FALSE(is_hazard_name("_"));
  CHECK_FALSE(is_hazard_name("x1"));
  CHECK(is_header_name("Span"));
  CHECK(is_header_name("load"));
  CHECK_FALSE(is_header_name("span"));
  CHECK(is_reserved_identifier("__x"));
  CHECK(is_reserved_identifier("a__b"));
  CHECK(is_reserved_identifier("_Foo"));
  CHECK_FALSE(is_reserved_identifier("_foo"));
  CHECK_FALSE(is_reserved_identifier("_"));
  CHECK_FALSE(is_reserved_identifier("a_b_"));

  CHECK(pascal_case("log_level") == "LogLevel");
  CHECK(pascal_case("logLevel") == "LogLevel");
  CHECK(pascal_case("x") == "X");
  CHECK(pascal_case("_1st") == "T1st");
  CHECK(pascal_case("_") == "T");

  CHECK(union_case_name("ClusterIP") == "ClusterIP");
  CHECK(union_case_name("a-b") == "a_b");
  CHECK(union_case_name("--x--") == "x");
  CHECK(union_case_name("a . b") == "a_b");
  CHECK(union_case_name("1st") == "v1st");
  CHECK(union_case_name("") == "empty");
  CHECK(union_case_name("+") == "x2B");
  CHECK(union_case_name("\xc3\xa9") == "xC3A9");
  CHECK(union_case_name("caf\xc3\xa9") == "caf");

  CHECK(env_var_name({"database", "pool", "max"}) == "DATABASE_POOL_MAX");
  CHECK(env_var_name({"maxConns"}) == "MAX_CONNS");
  CHECK(env_var_name({"HTTPPort"}) == "HTTPPORT");
  CHECK(env_var_name({"ipv6Enabled", "x"}) == "IPV6_ENABLED_X");
  CHECK(env_var_name({"LOG_LEVEL"}) == "LOG_LEVEL");
}

TEST_CASE("cxx: string literals hold exactly their bytes") {
  CHECK(string_literal("plain") == "\"plain\"");
  CHECK(string_literal("say \"hi\"") == R"("say \"hi\"")");
  CHECK(string_literal("C:\\x\\") == R"("C:\\x\\")");
  CHECK(string_literal("*/ /*") == "\"*/ /*\"");
  CHECK(string_literal("?\?=") == R"("?\?=")");
  CHECK(string_literal("?\?\?/") == R"("?\?\?/")");
  CHECK(string_literal("?a?") == "\"?a?\"");
  CHECK(string_literal("a\nb\r\tc") == R"("a\nb\r\tc")");
  CHECK(string_literal("\x01" "23") == R"("\00123")");
  CHECK(string_literal("\x7f") == R"("\177")");
  CHECK(string_literal("\xc3\xa9") == R"("\303\251")");
  CHECK(string_literal(std::string("a\0b", 3)) == R"(std::string_view{"a\000b", 3})");
}

TEST_CASE("cxx: doc comments cannot end early or hide text") {
  CHECK(doc_comment("", "") == "");
  CHECK(doc_comment("one\ntwo", "  ") == "  /// one\n  /// two\n");
  CHECK(doc_comment("a\r\nb\rc", "") == "/// a\n/// b\n/// c\n");
  CHECK(doc_comment("x\n\ny", "") == "/// x\n///\n/// y\n");
  CHECK(doc_comment("ends in \\", "") == "/// ends in \\x5C\n");
  CHECK(doc_comment("ends in \\  ", "") == "/// ends in \\x5C\n");
  CHECK(doc_comment("back\\slash", "") == "/// back\\slash\n");
  CHECK(doc_comment("?\?/", "") == "/// ?\\?/\n");
  CHECK(doc_comment("*/ /*", "") == "/// */ /*\n");
  CHECK(doc_comment("bell\x07", "") == "/// bell\\x07\n");
  CHECK(doc_comment("bad \xff byte", "") == "/// bad \\xFF byte\n");
  CHECK(doc_comment("rlo \xe2\x80\xae!", "") == "/// rlo \\u{202E}!\n");
  CHECK(doc_comment("ls \xe2\x80\xa8.", "") == "/// ls \\u{2028}.\n");
  CHECK(doc_comment("caf\xc3\xa9 \xf0\x9f\x9a\x80", "") == "/// caf\xc3\xa9 \xf0\x9f\x9a\x80\n");
}

TEST_CASE("cxx: patterns for std::regex") {
  CHECK(std_regex_pattern("^[a-z][a-z0-9-]*$") == "^[a-z][a-z0-9-]*$");
  CHECK(std_regex_pattern("^a.b$") == "^a[^\\n]b$");
  CHECK(std_regex_pattern("[.]") == "[.]");
  CHECK(std_regex_pattern("\\.") == "\\.");
  CHECK(std_regex_pattern("\\u{41}\\u0042\\x43") == "\\x41\\x42\\x43");
  CHECK(std_regex_pattern("a\\0") == "a\\x00");
  CHECK(std_regex_pattern("[\\b]\\b") == "[\\x08]\\b");
  CHECK(std_regex_pattern("[^.]") == "[^.]");
  CHECK(std_regex_pattern("^v\\d+\\.\\d+$") == "^v\\d+\\.\\d+$");
  CHECK_FALSE(std_regex_pattern("caf\xc3\xa9"));
  CHECK_FALSE(std_regex_pattern("\\u{e9}"));
  CHECK_FALSE(std_regex_pattern("\\xff"));
}

TEST_CASE("cxx: types and values") {
  // A field, and a part of the header it gives.
  const std::pair<const char*, const char*> cases[] = {
      {"a: int in 0..255 = 1", "std::uint8_t a;"},
      {"a: int in 0..256 = 1", "std::uint16_t a;"},
      {"a: int in -128..127 = 1", "std::int8_t a;"},
      {"a: int in -129..127 = 1", "std::int16_t a;"},
      {"a: int in 0..4294967295 = 1", "std::uint32_t a;"},
      {"a: int in 0..4294967296 = 1", "std::uint64_t a;"},
      {"a: int in -2147483648..2147483647 = 1", "std::int32_t a;"},
      {"a: int? in 10..1", "std::optional<std::int64_t> a;"},  // no value fits: not narrowed
      {"a: int in 0..1000 in 0..10 = 1", "std::uint8_t a;"},  // both constraints hold
      {"a: int in 0..-(-10) = 1", "std::uint8_t a;"},
      {"a: cpu in 100m..4 = 1", "std::int64_t a;  // cpu, in millicores"},
      {"a: int = -9223372036854775807 - 1", "/* a */ (-9223372036854775807 - 1),"},
      {"a: float = 1e300", "/* a */ 1e+300,"},
      {"a: float = 2", "/* a */ 2.0,"},
      {"a: float = -0.5", "/* a */ -0.5,"},
      {"a: [string?] = [\"x\", null]", "std::optional<std::string_view>{\"x\"},\n  std::nullopt,"},
      {"a: {string: [int]} = { k = [1] }", "{\"k\", Span<std::int64_t>{data_0, 1}},"},
      {"a: range<memory> = 1Ki..1Mi", "Range<std::uint64_t>{1024, 1048576}"},
  };
  for (const auto& [field, part] : cases) {
    CAPTURE(field);
    auto c = cxx_case(std::string("schema Config {\n") + field +
                      "\n}\nenv dev: Config {}\noutput \"c.hpp\" = cxx.header(Config, namespace = \"n\", values = {dev = dev})\n");
    INFO(c.diagnostics());
    REQUIRE(c.header);
    CHECK(c.header->find(part) != std::string::npos);
  }
}

TEST_CASE("cxx: requests the header cannot serve") {
  auto evaluated = strata::test::evaluate_text("schema Config { a: int = 1 }\nenv dev: Config {}\n");
  const strata::eval::EnvValue* dev = evaluated->evaluation->env("dev");
  REQUIRE(dev);
  strata::emit::CxxHeaderRequest req;
  req.schema = dev->value.record()->schema;
  req.ns = "app::config";
  SUBCASE("no env") {
    CHECK_FALSE(strata::emit::cxx_header_text(req, evaluated->names, evaluated->sink));
    CHECK(evaluated->codes() == std::vector<std::string>{"E0547"});
  }
  SUBCASE("no schema") {
    req.schema = nullptr;
    req.envs.emplace_back("dev", dev->value);
    CHECK_FALSE(strata::emit::cxx_header_text(req, evaluated->names, evaluated->sink));
    CHECK(evaluated->codes() == std::vector<std::string>{"E0547"});
  }
  SUBCASE("a namespace that is not C++") {
    req.envs.emplace_back("dev", dev->value);
    for (const char* ns : {"", "a::", "::a", "a:b", "1a", "a::std", "a::linux", "a::__b"}) {
      req.ns = ns;
      CAPTURE(ns);
      CHECK_FALSE(strata::emit::cxx_header_text(req, evaluated->names, evaluated->sink));
    }
    CHECK(evaluated->codes().size() == 8);
  }
  SUBCASE("env names") {
    req.envs.emplace_back("class", dev->value);
    req.envs.emplace_back("class_", dev->value);
    CHECK_FALSE(strata::emit::cxx_header_text(req, evaluated->names, evaluated->sink));
    CHECK(evaluated->codes() == std::vector<std::string>{"E0541"});
  }
  SUBCASE("bounds from the evaluator") {
    auto e = strata::test::evaluate_text(
        "fn r() -> range<int> = 1..300\nschema Config { a: int in r() = 1 }\nenv dev: Config {}\n");
    req.schema = e->evaluation->env("dev")->value.record()->schema;
    req.envs.emplace_back("dev", e->evaluation->env("dev")->value);
    req.bounds = [](const strata::sema::ConstraintInfo&, std::optional<strata::base::UnitKind>) {
      return std::optional<std::pair<std::int64_t, std::int64_t>>(std::make_pair(1, 300));
    };
    auto text = strata::emit::cxx_header_text(req, e->names, e->sink);
    REQUIRE(text);
    CHECK(text->find("std::uint16_t a;") != std::string::npos);
    CHECK(text->find("loader.in(value, \"A\", text, 1, 300, \"in 1..300\")") != std::string::npos);
  }
}

TEST_CASE("cxx: renaming that would make a reserved name, and cycles") {
  auto codes = [](const std::string& decls) {
    auto c = cxx_case(decls + "\nenv dev: Config {}\noutput \"c.hpp\" = cxx.header(Config, namespace = \"n\", values = {dev = dev})\n");
    INFO(c.diagnostics());
    CHECK_FALSE(c.header);
    return c.ev->codes();
  };
  CHECK(codes("schema Config { A_: int = 1 }") == std::vector<std::string>{"E0543"});
  CHECK(codes("enum E { X_ }\nschema Config { e: E = .X_ }") == std::vector<std::string>{"E0543"});
  CHECK(codes("schema Config { a: Config? }") == std::vector<std::string>{"E0546"});
  CHECK(codes("schema A { b: B? }\nschema B { a: A? }\nschema Config { a: A = {} }") ==
        std::vector<std::string>{"E0546"});
}

TEST_CASE("cxx: recursion through a list is fine") {
  auto c = cxx_case(
      "schema Node { name: string\n  children: [Node] = [] }\nschema Config { root: Node }\n"
      "env dev: Config { root = { name = \"a\", children = [{ name = \"b\" }] } }\n"
      "output \"c.hpp\" = cxx.header(Config, namespace = \"n\", values = {dev = dev})\n");
  INFO(c.diagnostics());
  REQUIRE(c.header);
  CHECK(c.header->find("Span<Config::Node> children;") != std::string::npos);
}
