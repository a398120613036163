#include "driver/eval_cmd.hpp"

#include <fmt/format.h>

#include "base/big_stack.hpp"
#include "driver/project.hpp"
#include "eval/evaluate.hpp"
#include "eval/value_text.hpp"
#include "sema/load.hpp"
#include "sema/resolve.hpp"

namespace strata::driver {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '.') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!path.empty()) out.push_back(cur);
  return out;
}

// The value at a dotted path: record fields, map keys, list indexes.
const eval::Value* at_path(const eval::Value& root, const std::vector<std::string>& path, const base::Interner& names,
                           std::string& error) {
  const eval::Value* v = &root;
  std::string walked;
  for (const std::string& k : path) {
    const eval::Value* next = nullptr;
    if (const eval::Record* r = v->record()) {
      for (const auto& [n, fv] : r->fields)
        if (names.str(n) == k) next = &fv;
    } else if (const eval::Map* m = v->map()) {
      next = m->find(k);
    } else if (const eval::List* l = v->list()) {
      std::size_t i = 0;
      bool digits = !k.empty() && k.find_first_not_of("0123456789") == std::string::npos && k.size() < 10;
      if (digits) i = std::stoul(k);
      if (digits && i < l->items.size()) next = &l->items[i];
    }
    if (!next) {
      error = walked.empty() ? fmt::format("the env has no `{}`", k) : fmt::format("`{}` has no `{}`", walked, k);
      return nullptr;
    }
    walked += (walked.empty() ? "" : ".") + k;
    v = next;
  }
  return v;
}

std::string key_name(const ast::Key& k, const base::Interner& names) {
  if (const auto* id = std::get_if<ast::Ident>(&k.expr->node)) return std::string(names.str(id->name));
  if (const auto* s = std::get_if<ast::StringLit>(&k.expr->node)) {
    std::string out;
    for (const ast::StringPart& p : s->parts) out += p.expr ? "${...}" : p.text;
    return out;
  }
  return "?";
}

// Entries of a body that set `path` (or a part of the record above it).
void find_settings(const std::vector<ast::Entry*>& entries, std::vector<std::string> prefix,
                   const std::vector<std::string>& path, const base::Interner& names,
                   std::vector<const ast::Entry*>& out) {
  for (const ast::Entry* e : entries) {
    if (e->for_) continue;
    std::vector<std::string> full = prefix;
    for (const ast::Key& k : e->path) full.push_back(key_name(k, names));
    std::size_t common = 0;
    while (common < full.size() && common < path.size() && full[common] == path[common]) ++common;
    if (common < full.size() && common < path.size()) continue;  // a different path
    if (full.size() >= path.size()) {
      out.push_back(e);  // sets the path itself (or something inside it)
      continue;
    }
    // sets a record above the path: look inside a record literal
    if (const auto* rec = std::get_if<ast::RecordLit>(&e->value->node))
      find_settings(rec->entries, full, path, names, out);
    else
      out.push_back(e);
  }
}

}  // namespace

bool run_eval(const EvalRequest& req, base::SourceManager& sm, base::Interner& names, base::DiagSink& sink,
              std::string& out) {
  sema::Program program = sema::load_program(req.entry.empty() ? entry_path_for(".") : req.entry, sm, names, sink);
  if (!program.entry) return false;
  sema::resolve_names(program, names, sink);
  bool ok = false;
  base::run_with_big_stack([&] {
    eval::Evaluation ev(program, names, sink);
    ev.check_all();
    if (sink.has_errors()) return;
    const eval::EnvValue* env = ev.env(req.env);
    if (!env) {
      std::vector<std::string> all = ev.env_names();
      sink.report(base::DiagKind::UnknownName, {},
                  fmt::format("there is no env `{}`; the envs are: {}", req.env, fmt::join(all, ", ")));
      return;
    }
    std::vector<std::string> path = split_path(req.path);
    std::string error;
    const eval::Value* v = at_path(env->value, path, names, error);
    if (!v) {
      sink.report(base::DiagKind::UnknownField, {}, fmt::format("in env `{}`: {}", req.env, error));
      return;
    }
    if (!req.explain) {
      out = req.format == "json" ? eval::to_json(*v, names) : eval::to_yaml(*v, names);
      ok = true;
      return;
    }
    // explain: the value, then every layer that set it, root first.
    out = fmt::format("{}.{} = {}\n", req.env, req.path, eval::short_text(*v, names));
    bool any = false;
    for (const ast::EnvDecl* layer : env->layers) {
      std::vector<const ast::Entry*> settings;
      find_settings(layer->body, {}, path, names, settings);
      std::string layer_name(names.str(layer->name.sym));
      const eval::EnvValue* lv = ev.env(layer_name);
      std::string at_layer = "(not evaluated)";
      if (lv) {
        std::string err;
        const eval::Value* x = at_path(lv->value, path, names, err);
        at_layer = x ? eval::short_text(*x, names) : "(not set)";
      }
      for (const ast::Entry* e : settings) {
        const base::SourceFile& f = sm.file(env->module->file);
        base::LineCol lc = f.line_col(e->range.begin);
        out += fmt::format("  {} in env `{}` at {}:{}:{}: {}\n", any ? "overridden" : "set", layer_name, f.path(),
                           lc.line, lc.col, at_layer);
        any = true;
      }
    }
    if (!any) {
      const base::SourceFile* f = v->origin.file != base::kNoFile ? &sm.file(v->origin.file) : nullptr;
      if (f) {
        base::LineCol lc = f->line_col(v->origin.range.begin);
        out += fmt::format("  not set by any env: the default at {}:{}:{}\n", f->path(), lc.line, lc.col);
      } else {
        out += "  not set by any env: a default\n";
      }
    }
    if (v->origin.file != base::kNoFile) {
      const base::SourceFile& f = sm.file(v->origin.file);
      base::LineCol lc = f.line_col(v->origin.range.begin);
      out += fmt::format("  value computed at {}:{}:{}\n", f.path(), lc.line, lc.col);
    }
    ok = true;
  });
  return ok;
}

}  // namespace strata::driver
