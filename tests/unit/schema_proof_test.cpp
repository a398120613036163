// The proof behind `strata build --validate=typed` (schema_proof.hpp): the
// std/k8s schemas are at least as strict as schema/k8s-v1.31 for every kind
// of emit::kProvenKinds, except where emit::kPartlyProven says; altered JSON
// Schemas make it fail at the right place; and the facts it relies on (the
// regex subset, the text of quantities, how leaves are written) hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "base/regex.hpp"
#include "base/units.hpp"
#include "emit/builtin_schemas.hpp"
#include "emit/object_walk.hpp"
#include "emit/typed_objects.hpp"
#include "eval_fixture.hpp"
#include "schema_proof.hpp"

using nlohmann::json;
using namespace strata;
using test::Divergence;

namespace {

// std/k8s, loaded, with its schemas resolved.
struct StdK8s {
  std::unique_ptr<test::Evaluated> ev = test::evaluate_text("import \"std/k8s\" as k8s\n");
  sema::TypeTable types{ev->names, ev->sink};
  const sema::Module* module = nullptr;

  StdK8s() {
    for (const auto& m : ev->program.modules)
      if (m->display == "std/k8s.strata") module = m.get();
    REQUIRE(module);
  }
  const sema::SchemaInfo* schema(std::string_view name) {
    const sema::Entity* e = sema::find_entity(*module, ev->names.intern(name));
    return e ? types.schema(*e) : nullptr;
  }
};

StdK8s& std_k8s() {
  static StdK8s s;
  return s;
}

struct Builtin {
  std::string file, api_version, kind;
  json doc;
};

std::vector<Builtin> builtin_schemas() {
  std::vector<Builtin> out;
  for (const emit::BuiltinSchema& b : emit::builtin_schemas()) {
    json doc = json::parse(b.file.text);
    out.push_back({std::string(b.file.path), doc["properties"]["apiVersion"]["const"].get<std::string>(),
                   doc["properties"]["kind"]["const"].get<std::string>(), doc});
  }
  return out;
}

std::vector<Divergence> prove(const json& doc, const std::string& kind) {
  const sema::SchemaInfo* s = std_k8s().schema(kind);
  REQUIRE_MESSAGE(s, "std/k8s has no schema ", kind);
  return test::prove_kind(doc, *s, std_k8s().ev->names, kind).divergences;
}

// The divergences the table does not answer for, after `change` alters the
// builtin schema of `kind`.
std::vector<Divergence> after(const std::string& kind, const std::function<void(json&)>& change) {
  for (Builtin& b : builtin_schemas())
    if (b.kind == kind) {
      change(b.doc);
      return test::uncovered(prove(b.doc, kind));
    }
  FAIL("no builtin schema for ", kind);
  return {};
}

// The properties of a definition of a schema.
json& props(json& doc, const char* definition) { return doc["definitions"][definition]["properties"]; }

// True when one of `found` is at `pointer` and about `where` ("Schema.field" or "Schema").
bool reports(const std::vector<Divergence>& found, const std::string& pointer, const std::string& where) {
  for (const Divergence& d : found)
    if (d.pointer == pointer && (d.field.empty() ? d.schema : d.schema + "." + d.field) == where) return true;
  std::string all;
  for (const Divergence& d : found) all += "  " + d.text() + "\n";
  MESSAGE("wanted ", where, " at ", pointer, "; found:\n", all);
  return false;
}

}  // namespace

TEST_CASE("the build-time index gives each builtin schema's path, apiVersion and kind") {
  // strata build finds a kind's schema by the index, without parsing them all.
  const std::vector<emit::BuiltinSchema>& index = emit::builtin_schemas();
  std::vector<Builtin> parsed = builtin_schemas();
  REQUIRE(index.size() == parsed.size());
  for (std::size_t i = 0; i < index.size(); ++i) {
    CHECK(index[i].file.path == parsed[i].file);
    CHECK(index[i].api_version == parsed[i].api_version);
    CHECK(index[i].kind == parsed[i].kind);
  }
}

TEST_CASE("the std/k8s schemas are at least as strict as schema/k8s-v1.31 for every proven kind") {
  std::vector<Builtin> builtins = builtin_schemas();
  REQUIRE(builtins.size() == 17);
  std::set<std::string> sites;  // schema.field of every divergence the table answers for
  for (const emit::ProvenKind& k : emit::kProvenKinds) {
    INFO("kind ", k.kind);
    const Builtin* b = nullptr;
    for (const Builtin& x : builtins)
      if (x.kind == k.kind && x.api_version == k.api_version) b = &x;
    REQUIRE_MESSAGE(b, "kProvenKinds lists ", k.api_version, " ", k.kind, ", which has no builtin schema");
    std::vector<Divergence> found = prove(b->doc, std::string(k.kind));
    for (const Divergence& d : test::uncovered(found)) FAIL_CHECK("not proven: ", d.text());
    for (const Divergence& d : found) sites.insert(d.schema + "." + d.field);
  }
  // Every kind of schema/ is proven.
  for (const Builtin& b : builtins) {
    bool listed = false;
    for (const emit::ProvenKind& k : emit::kProvenKinds)
      listed = listed || (k.kind == b.kind && k.api_version == b.api_version);
    CHECK_MESSAGE(listed, b.file, " (", b.kind, ") is not in kProvenKinds");
  }
  // Every entry of kPartlyProven names a std/k8s field, and answers for something.
  for (const emit::PartlyProvenField& p : emit::kPartlyProven) {
    INFO(p.schema, ".", p.field);
    const sema::SchemaInfo* s = std_k8s().schema(p.schema);
    REQUIRE(s);
    bool has = p.field.empty();
    for (const sema::FieldInfo& f : s->fields) has = has || std_k8s().ev->names.str(f.name) == p.field;
    CHECK(has);
    CHECK(sites.count(std::string(p.schema) + "." + std::string(p.field)));
  }
}

TEST_CASE("the proof fails, at the kind and JSON pointer, when a schema is altered") {
  SUBCASE("a lower maximum") {
    auto found = after("Deployment", [](json& d) { props(d, "DeploymentSpec")["replicas"]["maximum"] = 100; });
    CHECK(reports(found, "/definitions/DeploymentSpec/properties/replicas/maximum", "DeploymentSpec.replicas"));
    CHECK(found.front().kind == "Deployment");
  }
  SUBCASE("a narrower quantity pattern: quantity strings are no longer proven") {
    auto found = after("ResourceQuota", [](json& d) {
      props(d, "ResourceQuotaSpec")["hard"]["additionalProperties"]["oneOf"][0]["pattern"] = "^[0-9]+$";
    });
    CHECK(reports(found, "/definitions/ResourceQuotaSpec/properties/hard/additionalProperties/oneOf",
                  "ResourceQuotaSpec.hard"));
    CHECK(std::any_of(found.begin(), found.end(), [](const Divergence& d) { return d.leaves == emit::kLeafQuantityText; }));
  }
  SUBCASE("a higher minimum") {
    auto found = after("Deployment", [](json& d) { props(d, "ContainerPort")["containerPort"]["minimum"] = 2; });
    CHECK(reports(found, "/definitions/ContainerPort/properties/containerPort/minimum", "ContainerPort.containerPort"));
  }
  SUBCASE("another pattern") {
    auto found = after("Deployment", [](json& d) {
      props(d, "ObjectMeta")["name"]["pattern"] = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    });
    CHECK(reports(found, "/definitions/ObjectMeta/properties/name/pattern", "ObjectMeta.name"));
  }
  SUBCASE("a shorter maxLength") {
    auto found = after("Namespace", [](json& d) { props(d, "ObjectMeta")["namespace"]["maxLength"] = 62; });
    CHECK(reports(found, "/definitions/ObjectMeta/properties/namespace/maxLength", "ObjectMeta.namespace"));
  }
  SUBCASE("a required field that std/k8s leaves optional") {
    auto found = after("Deployment", [](json& d) { d["definitions"]["Container"]["required"].push_back("image"); });
    CHECK(reports(found, "/definitions/Container/required/1", "Container"));
  }
  SUBCASE("a property removed from a closed object") {
    auto found = after("Service", [](json& d) { props(d, "ServicePort").erase("appProtocol"); });
    CHECK(reports(found, "/definitions/ServicePort/additionalProperties", "ServicePort.appProtocol"));
  }
  SUBCASE("a value taken out of an enum") {
    auto found = after("NetworkPolicy", [](json& d) {
      props(d, "NetworkPolicySpec")["policyTypes"]["items"]["enum"] = json::array({"Ingress"});
    });
    CHECK(reports(found, "/definitions/NetworkPolicySpec/properties/policyTypes/items/enum",
                  "NetworkPolicySpec.policyTypes"));
  }
  SUBCASE("a larger minItems") {
    auto found = after("LimitRange", [](json& d) { props(d, "LimitRangeSpec")["limits"]["minItems"] = 2; });
    CHECK(reports(found, "/definitions/LimitRangeSpec/properties/limits/minItems", "LimitRangeSpec.limits"));
  }
  SUBCASE("IntOrString narrowed to integers: string leaves of the scalar") {
    auto found = after("Deployment", [](json& d) {
      props(d, "HTTPGetAction")["port"] = {{"type", "integer"}};
    });
    CHECK(reports(found, "/definitions/HTTPGetAction/properties/port/type", "HTTPGetAction.port"));
  }
  SUBCASE("another JSON type") {
    auto found = after("ConfigMap", [](json& d) { d["properties"]["data"]["additionalProperties"]["type"] = "number"; });
    CHECK(reports(found, "/properties/data/additionalProperties/type", "ConfigMap.data"));
  }
  SUBCASE("the kind's own const") {
    auto found = after("Namespace", [](json& d) { d["properties"]["kind"]["const"] = "Namespaces"; });
    CHECK(reports(found, "/properties/kind/const", "Namespace.kind"));
  }
  SUBCASE("a keyword the proof does not know") {
    auto found = after("Deployment", [](json& d) { props(d, "Container")["args"]["uniqueItems"] = true; });
    CHECK(reports(found, "/definitions/Container/properties/args/uniqueItems", "Container.args"));
  }
  SUBCASE("a field std/k8s does not have (drift)") {
    auto found = after("Job", [](json& d) { props(d, "PodSpec")["hostNetwork"] = {{"type", "boolean"}}; });
    CHECK(reports(found, "/definitions/PodSpec/properties/hostNetwork", "PodSpec"));
    CHECK(found.front().drift);
  }
  SUBCASE("an altered schema text") {
    for (const emit::BuiltinSchema& b : emit::builtin_schemas()) {
      if (b.file.path != "k8s-v1.31/horizontalpodautoscaler.json") continue;
      std::string text(b.file.text);
      std::string from = "\"maximum\": 3600", to = "\"maximum\": 600";
      REQUIRE(text.find(from) != std::string::npos);
      text.replace(text.find(from), from.size(), to);
      auto found = test::uncovered(prove(json::parse(text), "HorizontalPodAutoscaler"));
      CHECK(reports(found, "/definitions/HPAScalingRules/properties/stabilizationWindowSeconds/maximum",
                    "HPAScalingRules.stabilizationWindowSeconds"));
    }
  }
}

TEST_CASE("kPartlyProven answers only for the leaves it excludes") {
  // HTTPGetAction.port is proven for ints and strings: a divergence for a float
  // is answered for, one for an int is not.
  Divergence d{"Deployment", "/x", "HTTPGetAction", "port", emit::kLeafFloat, false, "w"};
  CHECK(test::uncovered({d}).empty());
  d.leaves = emit::kLeafInt;
  CHECK(test::uncovered({d}).size() == 1);
  d.leaves = 0;  // structural: no value of the field is proven, but the table says ints are
  CHECK(test::uncovered({d}).size() == 1);
  d.field = "path";  // not in the table at all
  d.leaves = emit::kLeafString;
  CHECK(test::uncovered({d}).size() == 1);
}

TEST_CASE("the regex subset the proof accepts") {
  for (const char* p : {"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "^[a-z0-9]+(-[a-z0-9]+)*$", "[a-z]",
                        "^[-._a-zA-Z0-9]+$", "^[-._a-zA-Z][-._a-zA-Z0-9]*$", "\\S", "a\\$", "^(ab|c)?$"}) {
    std::string why;
    CHECK_MESSAGE(test::byte_safe_pattern(p, &why), p, ": ", why);
  }
  for (const char* p : {"a.b", "\\d", "[^a]", "a{2}", "(?:a)", "(?=a)", "\xc3\xa9", "a\\S", "[\\s]", "[a-c-e]",
                        "a**", "(a", "a)", "[]", "[a", "^*", "[z-a]"}) {
    INFO(p);
    CHECK_FALSE(test::byte_safe_pattern(p));
  }
}

TEST_CASE("on the subset, a string Strata's pattern matches, std::regex matches too") {
  const char* patterns[] = {"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "^[a-z0-9]+(-[a-z0-9]+)*$", "[a-z]",
                            "^[-._a-zA-Z0-9]+$", "^[-._a-zA-Z][-._a-zA-Z0-9]*$", "\\S"};
  std::vector<std::string> texts = {"", "a", "a-b", "a.b", "-a", "a-", "A", "a..b", "a.-b", "ab-12", "x1",
                                    "a\n", "\na", "a\nb", " ", "\t", "\v\f\r", "a b", "_x", ".x", "x.", "9",
                                    "\xc3\xa9", "a\xc3\xa9", "\xc2\xa0", "\xe2\x80\xa8", "\xe3\x80\x80", "\xef\xbb\xbf",
                                    "\xf0\x9f\x98\x80", "abc-def.ghi", std::string(300, 'a'), "a--b", "a_b.c-d"};
  for (const char* p : patterns) {
    auto compiled = base::Regex::compile(p);
    REQUIRE(std::holds_alternative<base::Regex>(compiled));
    const base::Regex& strata = std::get<base::Regex>(compiled);
    std::regex ecma(p);
    for (const std::string& t : texts) {
      INFO("pattern ", p, ", text \"", t, "\"");
      if (strata.search(t)) CHECK(std::regex_search(t, ecma));
    }
  }
}

TEST_CASE("is_quantity_text takes exactly the strings the quantity pattern takes") {
  // A quantity string skips validation (kLeafQuantityText) only because of
  // this: every string up to 4 characters over the quantity alphabet, then
  // random longer ones with a fixed seed, and some by hand.
  std::regex quantity{std::string(test::kQuantityPattern)};
  const std::string alphabet = "019.+-eEKMiGmnuk x\n";
  std::vector<std::string> texts = {"", "4", "2000Gi", "1e3", "1E3", "1E", "1e", "1.", ".5", ".", "+.5e-.5", "1.5.",
                                    "1Ki", "1Ki ", " 1", "1ki", "1KI", "1Ei", "1 ", "1\n", "--1", "1e+", "1e1.",
                                    "1mi", "0x10", "1_000", "\xd9\xa3", std::string(200, '9') + "Mi"};
  std::function<void(std::string)> all = [&](std::string prefix) {
    texts.push_back(prefix);
    if (prefix.size() < 4)
      for (char c : alphabet) all(prefix + c);
  };
  all("");
  std::mt19937 random(20261127);
  for (int n = 0; n < 20000; ++n) {
    std::string t(5 + random() % 8, ' ');
    for (char& c : t) c = alphabet[random() % alphabet.size()];
    texts.push_back(t);
  }
  std::size_t taken = 0;
  for (const std::string& t : texts) {
    INFO("\"", t, "\"");
    bool is = base::is_quantity_text(t);
    CHECK(is == std::regex_search(t, quantity));
    taken += is;
  }
  CHECK(taken > 1000);  // the corpus holds many of both
  CHECK(texts.size() - taken > 1000);
}

TEST_CASE("cpu and memory are written in a text the quantity pattern takes; durations and percents are not") {
  std::regex quantity{std::string(test::kQuantityPattern)};
  std::regex written("^-?[0-9]+(m|[KMGTPE]i)?$");  // what format_quantity writes for cpu and memory
  std::vector<std::int64_t> values = {0, 1, 999, 1000, 1001, 1500, 2000, 1023, 1024, 1536, 4096, 999999};
  for (int shift = 10; shift <= 60; shift += 10) {
    std::int64_t p = std::int64_t{1} << shift;
    values.push_back(p);
    values.push_back(p * 3);
    values.push_back(p + 1);
  }
  values.push_back(std::numeric_limits<std::int64_t>::max());
  values.push_back(std::numeric_limits<std::int64_t>::max() / 1000 * 1000);
  values.push_back(std::numeric_limits<std::int64_t>::min() + 1);
  for (std::int64_t v : std::vector<std::int64_t>(values)) values.push_back(-v);
  for (base::UnitKind k : {base::UnitKind::Cpu, base::UnitKind::Memory})
    for (std::int64_t v : values) {
      std::string text = base::format_quantity({k, v});
      INFO(base::unit_kind_name(k), " ", v, " -> ", text);
      CHECK(std::regex_search(text, written));
      CHECK(std::regex_search(text, quantity));
    }
  CHECK_FALSE(std::regex_search(base::format_quantity({base::UnitKind::Duration, 5400000}), quantity));  // 1h30m
  CHECK_FALSE(std::regex_search(base::format_quantity({base::UnitKind::Percent, 1250}), quantity));       // 12.5%
}

namespace {

// Records what ObjectWalker writes for one leaf.
struct Recorder {
  std::string what;
  void begin_map() { what += "{"; }
  void end_map() { what += "}"; }
  void begin_list() { what += "["; }
  void end_list() { what += "]"; }
  void key(std::string_view) {}
  void key(base::Symbol, std::string_view) {}
  void string(std::string_view) { what += "string"; }
  void integer(std::int64_t) { what += "integer"; }
  void floating(double) { what += "number"; }
  void boolean(bool) { what += "boolean"; }
  void null() { what += "null"; }
};

std::string written(const eval::Value& v, const base::Interner& names) {
  Recorder r;
  base::DiagSink sink;
  emit::ObjectWalker<Recorder> w{names, sink, r};
  w.value(v, nullptr);
  return w.failed ? "unwritable" : r.what;
}

}  // namespace

TEST_CASE("the proof's model of leaves is how ObjectWalker writes them") {
  auto ev = test::evaluate_text(R"(enum Level { debug, info }
schema S {
  b: bool = true
  i: int = 3
  f: float = 1.5
  s: string = "x"
  c: cpu = 250m
  m: memory = 1Gi
  d: duration = 90s
  p: percent = 12.5%
  e: Level = .info
  sec: secret = secret("db", "password")
  r: range<int> = 1..2
}
env dev: S {}
)");
  REQUIRE(ev->codes().empty());
  struct Case {
    const char* field;
    emit::LeafSet leaf;
    const char* json_type;
  };
  for (const Case& c : {Case{"b", emit::kLeafBool, "boolean"}, Case{"i", emit::kLeafInt, "integer"},
                        Case{"f", emit::kLeafFloat, "number"}, Case{"s", emit::kLeafString, "string"},
                        Case{"c", emit::kLeafCpu, "string"}, Case{"m", emit::kLeafMemory, "string"},
                        Case{"d", emit::kLeafDuration, "string"}, Case{"p", emit::kLeafPercent, "string"},
                        Case{"e", emit::kLeafEnum, "string"}, Case{"sec", emit::kLeafOther, "unwritable"},
                        Case{"r", emit::kLeafOther, "unwritable"}}) {
    INFO("field ", c.field);
    const eval::Value* v = ev->field("dev", c.field);
    REQUIRE(v);
    CHECK(emit::leaf_of(*v) == c.leaf);
    CHECK(written(*v, ev->names) == c.json_type);
    if (c.leaf & emit::kStringLeaves) CHECK((c.leaf & ~emit::kStringLeaves) == 0);
  }
}
