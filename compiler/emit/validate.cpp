// valijson reports a schema it cannot use by throwing; without this it would abort.
#define VALIJSON_USE_EXCEPTIONS 1

#include "emit/validate.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <locale>
#include <sstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "base/big_stack.hpp"
#include "emit/builtin_schemas.hpp"
#include "emit/object_walk.hpp"
#include "emit/typed_objects.hpp"

namespace strata::emit {
namespace {

using nlohmann::json;

// Builds a JSON document through the writer interface ObjectWalker drives.
struct JsonBuilder {
  json root;
  std::vector<json*> stack;
  std::string key_;

  json& slot() {
    if (stack.empty()) return root;
    json& top = *stack.back();
    if (top.is_array()) {
      top.push_back(nullptr);
      return top.back();
    }
    return top[key_];
  }
  void begin_map() {
    json& s = slot();
    s = json::object();
    stack.push_back(&s);
  }
  void begin_list() {
    json& s = slot();
    s = json::array();
    stack.push_back(&s);
  }
  void end_map() { stack.pop_back(); }
  void end_list() { stack.pop_back(); }
  void key(std::string_view k) { key_.assign(k); }
  void key(base::Symbol, std::string_view k) { key_.assign(k); }
  void string(std::string_view s) { slot() = std::string(s); }
  void integer(std::int64_t v) { slot() = v; }
  void floating(double v) { slot() = v; }
  void boolean(bool v) { slot() = v; }
  void null() { slot() = nullptr; }
};

// YAML (a user's schema) as JSON: scalars that YAML reads as numbers or
// bools become them; everything else is a string.
json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& item : n) a.push_back(yaml_to_json(item));
      return a;
    }
    case YAML::NodeType::Scalar: {
      if (n.Tag() == "!") return n.Scalar();  // quoted: a string
      std::int64_t i;
      double d;
      bool b;
      if (YAML::convert<std::int64_t>::decode(n, i)) return i;
      if (YAML::convert<double>::decode(n, d)) return d;
      if (YAML::convert<bool>::decode(n, b)) return b;
      return n.Scalar();
    }
    default:
      return nullptr;
  }
}

std::string const_of(const json& schema, const char* prop) {
  auto p = schema.find("properties");
  if (p == schema.end() || !p->is_object()) return {};
  auto q = p->find(prop);
  if (q == p->end() || !q->is_object()) return {};
  auto c = q->find("const");
  if (c != q->end() && c->is_string()) return *c;
  auto e = q->find("enum");
  if (e != q->end() && e->is_array() && e->size() == 1 && (*e)[0].is_string()) return (*e)[0];
  return {};
}

void report_unusable(base::DiagSink& sink, const std::string& origin, const std::string& why) {
  sink.report(base::DiagKind::BadSchemaFile, {}, fmt::format("cannot use the JSON Schema `{}`: {}", origin, why));
}

struct Violation {
  std::vector<std::string> path;
  std::string description;
};

}  // namespace

struct SchemaSet::Impl {
  struct Entry {
    std::string origin;
    bool builtin = false;  // from schema/, not replaced by --schema DIR
    // A builtin schema is parsed and compiled when an object first needs it
    // (most builds need few or none: their objects are proven valid); a
    // user's schema at once, so that its errors are reported.
    std::string_view text;  // a builtin schema's JSON, until parsed
    json doc;
    std::unique_ptr<valijson::Schema> schema;
    std::string error;  // why it could not be compiled
    std::once_flag compiled;

    const valijson::Schema* get() {
      std::call_once(compiled, [&] {
        auto s = std::make_unique<valijson::Schema>();
        try {
          if (!text.empty()) doc = json::parse(text);
          valijson::SchemaParser parser;
          valijson::adapters::NlohmannJsonAdapter adapter(doc);
          parser.populateSchema(adapter, *s);
          schema = std::move(s);
        } catch (const std::exception& e) {
          error = e.what();
        }
        doc = json();
      });
      return schema.get();
    }
  };
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Entry>> by_kind;  // (apiVersion, kind)
};

SchemaSet::SchemaSet() : impl_(std::make_unique<Impl>()) {}
SchemaSet::~SchemaSet() = default;
std::size_t SchemaSet::size() const { return impl_->by_kind.size(); }

bool SchemaSet::is_builtin(std::string_view api_version, std::string_view kind) const {
  auto it = impl_->by_kind.find({std::string(api_version), std::string(kind)});
  return it != impl_->by_kind.end() && it->second->builtin;
}

namespace {

bool add_schema(SchemaSet::Impl& impl, const std::string& origin, std::string_view text, bool yaml, bool builtin,
                base::DiagSink& sink) {
  auto bad = [&](const std::string& why) {
    report_unusable(sink, origin, why);
    return false;
  };
  json doc;
  try {
    doc = yaml ? yaml_to_json(YAML::Load(std::string(text))) : json::parse(text);
  } catch (const std::exception& e) {
    return bad(e.what());
  }
  std::string api = const_of(doc, "apiVersion"), kind = const_of(doc, "kind");
  if (api.empty() || kind.empty())
    return bad("it must fix `apiVersion` and `kind` with `const` (or a one-value `enum`) under `properties`");
  auto entry = std::make_unique<SchemaSet::Impl::Entry>();
  entry->origin = origin;
  entry->builtin = builtin;
  entry->doc = std::move(doc);
  if (!builtin && !entry->get()) return bad(entry->error);
  impl.by_kind[{api, kind}] = std::move(entry);
  return true;
}

}  // namespace

bool SchemaSet::add_text(const std::string& origin, std::string_view text, bool yaml, base::DiagSink& sink) {
  return add_schema(*impl_, origin, text, yaml, false, sink);
}

bool SchemaSet::compile_all(base::DiagSink& sink) {
  bool ok = true;
  for (const auto& [kind, e] : impl_->by_kind)
    if (!e->get()) {
      report_unusable(sink, e->origin, e->error);
      ok = false;
    }
  return ok;
}

void SchemaSet::add_builtin() {
  // Keyed at build time: parsing all of them took as long as a small build.
  for (const BuiltinSchema& b : builtin_schemas()) {
    auto entry = std::make_unique<Impl::Entry>();
    entry->origin = "schema/" + std::string(b.file.path);
    entry->builtin = true;
    entry->text = b.file.text;
    impl_->by_kind[{std::string(b.api_version), std::string(b.kind)}] = std::move(entry);
  }
}

void SchemaSet::add_dir(const std::string& dir, base::DiagSink& sink) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> paths;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if (ext == ".json" || ext == ".yaml" || ext == ".yml") paths.push_back(it->path());
  }
  if (ec) {
    sink.report(base::DiagKind::BadSchemaFile, {}, fmt::format("cannot read the schema directory `{}`: {}", dir, ec.message()));
    return;
  }
  std::sort(paths.begin(), paths.end());  // a later file wins: make "later" not depend on the file system
  for (const fs::path& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      sink.report(base::DiagKind::BadSchemaFile, {}, fmt::format("cannot read `{}`", p.string()));
      continue;
    }
    add_text(p.string(), text.str(), p.extension() != ".json", sink);
  }
}

namespace {

// The objects the proof of tests/unit/schema_proof_test.cpp covers, against
// the schemas that proof is about (`builtin`: the kind's schema is from schema/).
bool skip(bool builtin, const EmittedObject& o, TypedObjects* typed, ValidationMode mode) {
  if (mode != ValidationMode::Typed || !builtin) return false;
  if (o.proof != EmittedObject::Proof::Unknown) return o.proof == EmittedObject::Proof::Proven;
  return typed && typed->proven(*o.value, o.api_version, o.kind);
}

}  // namespace

bool skips_validation(const SchemaSet& schemas, const EmittedObject& object, const base::Interner& names,
                      ValidationMode mode) {
  TypedObjects typed(names);
  return skip(schemas.is_builtin(object.api_version, object.kind), object, &typed, mode);
}

void validate_objects(const SchemaSet& schemas, const std::vector<EmittedObject>& objects, const base::Interner& names,
                      base::DiagSink& sink, unsigned threads, ValidationMode mode) {
  const auto& by_kind = schemas.impl_->by_kind;
  std::vector<std::vector<Violation>> found(objects.size());
  std::vector<SchemaSet::Impl::Entry*> entry(objects.size(), nullptr);
  // The objects left to the workers: those a build already proved valid are
  // left out here, so that a build with none left starts no thread.
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const EmittedObject& o = objects[i];
    // Objects come grouped by kind: look a kind up once per run of it.
    if (i == 0 || o.api_version != objects[i - 1].api_version || o.kind != objects[i - 1].kind) {
      auto it = by_kind.find({std::string(o.api_version), std::string(o.kind)});
      entry[i] = it != by_kind.end() ? it->second.get() : nullptr;
    } else {
      entry[i] = entry[i - 1];
    }
    // Without a TypedObjects, skip() answers only for objects whose proof is known.
    if (entry[i] && !skip(entry[i]->builtin, o, nullptr, mode)) todo.push_back(i);
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    // One per thread: it caches compiled regexes. Strict types (the default),
    // which tests/unit/schema_proof.hpp relies on.
    valijson::Validator validator;
    base::DiagSink scratch;         // walking again reports nothing new
    TypedObjects typed(names);      // one per thread: it caches per schema
    for (std::size_t k; (k = next++) < todo.size();) {
      std::size_t i = todo[k];
      if (skip(entry[i]->builtin, objects[i], &typed, mode)) continue;
      JsonBuilder b;
      ObjectWalker<JsonBuilder> walk{names, scratch, b};
      const eval::Value& obj = *objects[i].value;
      const eval::Value* extra = obj.record() ? child(obj, "extra", names) : nullptr;
      walk.mapping(obj, extra ? extra->map() : nullptr, obj.record() != nullptr);
      valijson::ValidationResults results;
      valijson::adapters::NlohmannJsonAdapter adapter(b.root);
      const valijson::Schema* schema = entry[i]->get();
      if (!schema || validator.validate(*schema, adapter, &results)) continue;
      for (const auto& e : results) {
        Violation v;
        for (const std::string& c : e.context)
          if (c.size() >= 2 && c.front() == '[' && c.back() == ']') v.path.push_back(c.substr(1, c.size() - 2));
        v.description = e.description;
        // valijson also reports each enclosing level ("Failed to validate
        // against schema associated with property name 'spec'."): skip those.
        if (v.description.rfind("Failed to validate", 0) == 0) continue;
        // An unknown field is reported at the object that has it: point at the field.
        static constexpr std::string_view kUnknown =
            "Object contains a property that could not be validated using 'properties' or 'additionalProperties' "
            "constraints: '";
        if (v.description.rfind(kUnknown, 0) == 0 && v.description.size() > kUnknown.size() + 2) {
          std::string field = v.description.substr(kUnknown.size(), v.description.size() - kUnknown.size() - 2);
          v.path.push_back(field);
          v.description = fmt::format("there is no field `{}` here", field);
        }
        found[i].push_back(std::move(v));
      }
    }
  };
  // std::regex reads std::ctype<char>::narrow, whose cache libstdc++ fills
  // char by char from whichever thread asks first (GCC bug 77704, a data
  // race under ThreadSanitizer): fill it whole before the workers start.
  if (!todo.empty()) {
    char chars[256], narrowed[256];
    for (int c = 0; c < 256; ++c) chars[c] = static_cast<char>(c);
    std::use_facet<std::ctype<char>>(std::locale()).narrow(chars, chars + 256, '\0', narrowed);
    // valijson checks `pattern` with std::regex, which recurses per character:
    // the workers get big stacks.
    unsigned n = std::max(1u, std::min(threads, static_cast<unsigned>(todo.size() / 256 + 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < n; ++t) pool.emplace_back([&] { base::run_with_big_stack(work); });
    base::run_with_big_stack(work);
    for (std::thread& t : pool) t.join();
  }

  for (const auto& [kind, e] : by_kind)
    if (!e->error.empty()) report_unusable(sink, e->origin, e->error);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const EmittedObject& o = objects[i];
    if (entry[i] && found[i].empty()) continue;
    const eval::Value* name = child(*child(*o.value, "metadata", names), "name", names);
    std::string what = fmt::format("{} `{}` (`{}`)", o.kind, name && name->str() ? *name->str() : "?", o.file);
    if (!entry[i]) {
      sink.report(base::DiagKind::NoSchema, loc(*o.value),
                  fmt::format("there is no JSON Schema for {} of apiVersion `{}`; add one with `--schema DIR`", what,
                              o.api_version));
      continue;
    }
    std::size_t shown = 0;
    for (const Violation& v : found[i]) {
      if (++shown > 10) break;
      const eval::Value* at = value_at(*o.value, v.path, names);
      sink.report(base::DiagKind::SchemaViolation, loc(*at),
                  fmt::format("{} does not match its schema at `{}`: {}", what,
                              v.path.empty() ? "(the object)" : fmt::format("{}", fmt::join(v.path, ".")),
                              v.description));
      sink.last().notes.push_back({{}, fmt::format("the schema is {}", entry[i]->origin)});
    }
  }
}

}  // namespace strata::emit
