// The C++ header: the text of its enums, structs and envs, and the whole header.
#include "emit/cxx_header.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "emit/cxx_detail.hpp"
#include "emit/output_file.hpp"

namespace strata::emit {

using sema::TypeInfo;
using sema::TypeKind;

namespace cxx {

namespace {

std::string unit_comment(const TypeInfo* t) {
  while (t->kind == TypeKind::List || t->kind == TypeKind::Optional || t->kind == TypeKind::Range ||
         t->kind == TypeKind::Map)
    t = t->kind == TypeKind::Map ? t->value : t->elem;
  if (t->kind != TypeKind::Unit) return "";
  switch (t->unit) {
    case base::UnitKind::Cpu: return "  // cpu, in millicores";
    case base::UnitKind::Memory: return "  // memory, in bytes";
    case base::UnitKind::Duration: return "  // duration";
    case base::UnitKind::Percent: return "  // percent, in hundredths of a percent (70% is 7000)";
  }
  return "";
}

std::string emit_enum(const Enum& e) {
  std::string out = doc_comment(e.doc, "");
  if (e.doc.empty() && e.union_type) out += fmt::format("/// {}\n", "One of the strings of a literal union.");
  out += fmt::format("enum class {} {{\n", e.name);
  for (std::size_t i = 0; i < e.cases.size(); ++i) {
    if (!e.docs[i].empty()) out += doc_comment(e.docs[i], "  ");
    out += fmt::format("  {},\n", e.cases[i]);
  }
  out += "};\n\n";
  out += fmt::format("constexpr std::string_view to_string({} value) noexcept {{\n  switch (value) {{\n", e.name);
  for (std::size_t i = 0; i < e.cases.size(); ++i)
    out += fmt::format("    case {}::{}: return {};\n", e.name, e.cases[i], string_literal(e.texts[i]));
  out += "  }\n  return {};\n}\n\n";
  out += fmt::format("template <>\nconstexpr std::optional<{0}> from_string<{0}>(std::string_view text) noexcept {{\n",
                     e.name);
  for (std::size_t i = 0; i < e.cases.size(); ++i)
    out += fmt::format("  if (text == {}) return {}::{};\n", string_literal(e.texts[i]), e.name, e.cases[i]);
  out += "  return std::nullopt;\n}\n\n";
  return out;
}

std::string emit_struct_body(Model& m, const Struct& s, std::string_view indent) {
  std::string out;
  for (const Field& f : s.fields) {
    out += doc_comment(f.info->doc, indent);
    out += fmt::format("{}{} {};{}\n", indent, m.spell(f.info->type), f.name, unit_comment(f.info->type));
  }
  return out;
}

std::string emit_structs(Model& m) {
  const Struct& root = *m.structs[0];
  std::string out = doc_comment(root.doc, "");
  out += fmt::format("struct {} {{\n", root.name);
  for (std::size_t i = 1; i < m.structs.size(); ++i) out += fmt::format("  struct {};\n", m.structs[i]->name);
  if (m.structs.size() > 1) out += "\n";
  for (std::size_t i = 1; i < m.structs.size(); ++i) {
    const Struct& s = *m.structs[i];
    out += doc_comment(s.doc, "  ");
    out += fmt::format("  struct {} {{\n", s.name);
    out += emit_struct_body(m, s, "    ");
    out += "  };\n\n";
  }
  out += emit_struct_body(m, root, "  ");
  out += "};\n\n";
  return out;
}

std::string emit_environments(const Model& m) {
  const std::string& root = m.structs[0]->name;
  Enum envs;
  envs.name = "Environment";
  envs.doc = "The envs of the header, by name.";
  for (std::size_t i = 0; i < m.env_names.size(); ++i) {
    envs.cases.push_back(m.env_names[i]);
    envs.texts.push_back(m.req.envs[i].first);
    envs.docs.emplace_back();
  }
  std::string out = emit_enum(envs);
  out += "constexpr std::optional<Environment> environment_from_string(std::string_view text) noexcept {\n"
         "  return from_string<Environment>(text);\n}\n\n";
  out += fmt::format("/// The config of an env.\nconstexpr const {}& config(Environment env) noexcept {{\n  switch (env) {{\n",
                     root);
  for (const std::string& e : m.env_names) out += fmt::format("    case Environment::{0}: return {0}::config;\n", e);
  out += fmt::format("  }}\n  return {}::config;\n}}\n\n", m.env_names[0]);
  return out;
}

}  // namespace

}  // namespace cxx

std::optional<std::string> cxx_header_text(const CxxHeaderRequest& req, const base::Interner& names,
                                           base::DiagSink& sink) {
  cxx::Model m(req, names, sink);
  cxx::build_model(m);
  if (!m.ok) return std::nullopt;
  std::string types;
  for (const auto& e : m.enums) types += cxx::emit_enum(*e);
  types += cxx::emit_structs(m);
  std::string values = cxx::emit_values(m);
  std::string loader = cxx::emit_loader(m);
  if (!m.ok) return std::nullopt;

  std::string ns = fmt::format("{}", fmt::join(m.ns_parts, "::"));
  std::string out(kGeneratedSlash);
  out += fmt::format(
      "// The typed config of schema `{}`. Its types, names and the loader of\n"
      "// runtime overrides are described in Strata's docs/cxx-header.md.\n"
      "#pragma once\n\n",
      m.structs[0]->name);
  for (const char* inc : {"<charconv>", "<chrono>", "<cmath>", "<cstddef>", "<cstdint>", "<cstdlib>", "<limits>",
                          "<memory>", "<optional>"}) {
    out += fmt::format("#include {}\n", inc);
  }
  if (m.needs_regex) out += "#include <regex>\n";
  for (const char* inc : {"<string>", "<string_view>", "<system_error>", "<utility>", "<vector>"})
    out += fmt::format("#include {}\n", inc);
  out += fmt::format("\nnamespace {} {{\n\n", ns);
  out += cxx::support_text();
  out += "\n";
  out += types;
  out += values;
  out += cxx::emit_environments(m);
  out += loader;
  out += fmt::format("\n}}  // namespace {}\n", ns);
  return out;
}

}  // namespace strata::emit
