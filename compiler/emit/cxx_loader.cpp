// The loader of runtime overrides: `load(Environment, getenv)` reads one
// environment variable per scalar field (docs/cxx-header.md).
#include <fmt/format.h>

#include "emit/cxx_detail.hpp"

namespace strata::emit::cxx {

using sema::TypeInfo;
using sema::TypeKind;

namespace {

const char* unit_name(base::UnitKind u) {
  switch (u) {
    case base::UnitKind::Cpu: return "detail::Unit::Cpu";
    case base::UnitKind::Memory: return "detail::Unit::Memory";
    case base::UnitKind::Duration: return "detail::Unit::Duration";
    case base::UnitKind::Percent: return "detail::Unit::Percent";
  }
  return "";
}

const char* unit_rule(base::UnitKind u) {
  switch (u) {
    case base::UnitKind::Cpu: return "a cpu amount such as 250m or 2";
    case base::UnitKind::Memory: return "a memory size such as 512Mi or 1G";
    case base::UnitKind::Duration: return "a duration such as 30s or 1h30m";
    case base::UnitKind::Percent: return "a percentage such as 70% or 12.5%";
  }
  return "";
}

bool is_leaf(const TypeInfo* t) {
  switch (t->kind) {
    case TypeKind::Bool:
    case TypeKind::Int:
    case TypeKind::Float:
    case TypeKind::String:
    case TypeKind::Unit:
    case TypeKind::Enum:
    case TypeKind::Union:
    case TypeKind::Range: return true;
    default: return false;
  }
}

class LoaderWriter {
 public:
  explicit LoaderWriter(Model& m) : m_(m) {}

  std::string run() {
    fields(*m_.structs[0], {}, "c");
    std::string root = m_.structs[0]->name;
    std::string out = loader_support_text(root, m_.needs_regex);
    out += fmt::format(R"(
/// Reads runtime overrides: starts from the config of env `base` and, for each
/// variable below that get(name) returns (a `const char*`, nullptr when unset:
/// `std::getenv` will do), parses and checks it as the field's type and
/// constraints require and sets the field. Every refused value is reported in
/// errors (its field keeps the env's value); nothing stops at the first.
template <class Getenv>
LoadResult load(Environment base, Getenv&& get) {{
  LoadResult result{{config(base), {{}}, {{}}}};
  detail::Loader loader{{result}};
  {}& c = result.config;
)",
                                   root);
    if (body_.empty()) out += "  (void)get;\n  (void)loader;\n  (void)c;\n";
    out += body_;
    out += "  return result;\n}\n";
    return out;
  }

 private:
  void fields(const Struct& s, std::vector<std::string_view> path, const std::string& access) {
    for (const Field& f : s.fields) {
      std::vector<std::string_view> sub = path;
      sub.push_back(m_.names.str(f.info->name));
      const TypeInfo* t = f.info->type;
      std::string target = access + "." + f.name;
      if (t->kind == TypeKind::Schema) {
        fields(*m_.by_schema.at(t->schema), sub, target);
        continue;
      }
      const TypeInfo* outer = nullptr;
      if (t->kind == TypeKind::Optional && is_leaf(t->elem)) {
        outer = t;
        t = t->elem;
      }
      if (!is_leaf(t)) continue;  // lists, maps, secrets, optional records: not read
      std::string var = env_var_name(sub);
      std::string dotted;
      for (std::string_view p : sub) {
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on `"." + std::string(p)` here.
        if (!dotted.empty()) dotted += '.';
        dotted += p;
      }
      auto [it, fresh] = vars_.emplace(var, dotted);
      if (!fresh) {
        m_.report(base::DiagKind::CxxEnvVarClash, m_.where(*f.info),
                  fmt::format("fields `{}` and `{}` would both be read from the variable {}", it->second, dotted, var));
        continue;
      }
      leaf(t, outer, var, dotted, target);
    }
  }

  // The statements that parse text into `value` and check it; `assign` sets the field from it.
  void leaf(const TypeInfo* t, const TypeInfo* outer, const std::string& var, const std::string& dotted,
            const std::string& target) {
    const std::string name = string_literal(var);
    std::string parse, value_type = m_.spell(t), assign = "value";
    auto rule = [](const std::string& r) { return string_literal(r); };
    std::vector<Check> checks = m_.checks(t, outer);
    std::string decl;
    switch (t->kind) {
      case TypeKind::Bool:
        decl = "bool value = false;";
        parse = fmt::format("loader.boolean(value, {}, text)", name);
        break;
      case TypeKind::Int:
        decl = "std::int64_t value = 0;";
        parse = fmt::format("loader.integer(value, {}, text)", name);
        assign = fmt::format("static_cast<{}>(value)", value_type);
        if (outer) {
          // The C++ type holds the bounds of the int and of the optional.
          std::string full = m_.spell(outer);
          assign = fmt::format("static_cast<{}>(value)", full.substr(14, full.size() - 15));
        }
        break;
      case TypeKind::Float:
        decl = "double value = 0;";
        parse = fmt::format("loader.number(value, {}, text)", name);
        break;
      case TypeKind::String:
        decl = "const std::string_view value = text;";
        assign = "loader.keep(text)";
        break;
      case TypeKind::Unit:
        decl = "std::int64_t value = 0;";
        parse = fmt::format("loader.unit(value, {}, text, {}, {})", name, unit_name(t->unit), rule(unit_rule(t->unit)));
        if (t->unit == base::UnitKind::Memory) assign = "static_cast<std::uint64_t>(value)";
        if (t->unit == base::UnitKind::Duration) assign = "std::chrono::milliseconds{value}";
        break;
      case TypeKind::Enum:
      case TypeKind::Union: {
        const Enum& e = t->kind == TypeKind::Enum ? *m_.by_enum.at(t->enum_) : *m_.by_union.at(t);
        std::string one_of;
        for (const std::string& x : e.texts) one_of += (one_of.empty() ? "" : ", ") + x;
        decl = fmt::format("{} value{{}};", e.name);
        parse = fmt::format("loader.choice(value, {}, text, {})", name, rule("one of " + one_of));
        break;
      }
      case TypeKind::Range: {
        const bool unit = t->elem->kind == TypeKind::Unit;
        decl = "std::int64_t lo = 0, hi = 0;";
        std::string r = unit ? fmt::format("a range lo..hi of {}", base::unit_kind_name(t->elem->unit))
                             : std::string("a range lo..hi of integers");
        if (unit) {
          decl += fmt::format("\n{}const detail::Unit unit = {};", indent(outer), unit_name(t->elem->unit));
        }
        parse = fmt::format("loader.range(lo, hi, {}, text, {}, {})", name, unit ? "&unit" : "nullptr", rule(r));
        std::string elem = m_.spell(t->elem);
        auto conv = [&](const char* x) {
          if (unit && t->elem->unit == base::UnitKind::Duration) return fmt::format("std::chrono::milliseconds{{{}}}", x);
          return fmt::format("static_cast<{}>({})", elem, x);
        };
        assign = fmt::format("Range<{}>{{{}, {}}}", elem, conv("lo"), conv("hi"));
        break;
      }
      default: return;
    }
    std::string in = indent(outer);
    std::string checks_text;
    for (const Check& k : checks) {
      switch (k.info->node->kind) {
        case ast::ConstraintKind::In:
          checks_text += fmt::format("{}  ok = loader.in(value, {}, text, {}, {}, {}) && ok;\n", in, name, k.lo, k.hi,
                                     rule(k.text));
          break;
        case ast::ConstraintKind::Len:
          checks_text += fmt::format("{}  ok = loader.length(value, {}, text, {}, {}, {}) && ok;\n", in, name, k.lo,
                                     k.hi, rule(k.text));
          break;
        case ast::ConstraintKind::Matches:
          if (!k.regex) {
            checks_text += fmt::format("{}  // not checked: {} (std::regex cannot match it as Strata does)\n", in,
                                       doc_safe(k.text));
            break;
          }
          m_.needs_regex = true;
          checks_text += fmt::format("{}  static const std::regex re_{}({}, std::regex::ECMAScript);\n", in, regexes_,
                                     string_literal(*k.regex));
          checks_text += fmt::format("{}  ok = loader.matches(value, {}, text, re_{}, {}) && ok;\n", in, name,
                                     regexes_++, rule(k.text));
          break;
      }
    }
    const std::string set = fmt::format("{} = {};", target, assign);
    // Without checks: `if (parse) set;` or `set;`. With them: declare, parse, check, set.
    std::string block;
    if (checks_text.empty()) {
      if (parse.empty()) block = fmt::format("{}{}\n", in, set);
      else if (in.size() + parse.size() + set.size() + 5 <= 110) block = fmt::format("{}{}\n{}if ({}) {}\n", in, decl, in, parse, set);
      else block = fmt::format("{}{}\n{}if ({})\n{}  {}\n", in, decl, in, parse, in, set);
    } else if (parse.empty()) {
      block = fmt::format("{}{}\n{}bool ok = true;\n{}{}if (ok) {}\n", in, decl, in, dedent(checks_text), in, set);
    } else {
      block = fmt::format("{}{}\n{}if ({}) {{\n{}  bool ok = true;\n{}{}  if (ok) {}\n{}}}\n", in, decl, in, parse,
                          in, checks_text, in, set, in);
    }
    std::string out = fmt::format("  // {}\n  if (const char* text = get({})) {{\n", dotted, name);
    if (outer) {
      out += fmt::format("    if (*text == '\\0') {{\n      {} = std::nullopt;\n    }} else {{\n{}    }}\n", target, block);
    } else {
      out += block;
    }
    out += "  }\n";
    body_ += out;
  }

  static std::string indent(const TypeInfo* outer) { return outer ? "      " : "    "; }

  // Check lines one level out (they were written for the inside of an `if`).
  static std::string dedent(const std::string& lines) {
    std::string out;
    std::size_t start = 0;
    while (start < lines.size()) {
      std::size_t end = lines.find('\n', start);
      std::string line = lines.substr(start, end - start);
      out += line.substr(line.compare(0, 2, "  ") == 0 ? 2 : 0) + "\n";
      start = end + 1;
    }
    return out;
  }

  // Text for a `//` comment: the escaping of doc comments, without the `///`.
  static std::string doc_safe(const std::string& s) {
    std::string d = doc_comment(s, "");
    std::string out;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (d.compare(i, 4, "/// ") == 0) i += 3;
      else if (d.compare(i, 3, "///") == 0) i += 2;
      else out += d[i] == '\n' ? ' ' : d[i];
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  Model& m_;
  std::map<std::string, std::string> vars_;
  std::string body_;
  int regexes_ = 0;
};

}  // namespace

std::string emit_loader(Model& m) { return LoaderWriter(m).run(); }

}  // namespace strata::emit::cxx
