#include "sema/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "base/read_file.hpp"
#include "sema/stdlib.hpp"
#include "syntax/parse.hpp"

namespace strata::sema {
namespace {

namespace fs = std::filesystem;

// The text of an import's path literal, if it is a plain string.
std::optional<std::string> plain_string(const ast::Expr* e) {
  const auto* s = e ? std::get_if<ast::StringLit>(&e->node) : nullptr;
  if (!s) return std::nullopt;
  std::string out;
  for (const ast::StringPart& p : s->parts) {
    if (p.expr) return std::nullopt;
    out += p.text;
  }
  return out;
}

bool within(const fs::path& root, const fs::path& p) {
  fs::path rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

class Loader {
 public:
  Loader(base::SourceManager& sm, base::Interner& names, base::DiagSink& sink)
      : sm_(sm), names_(names), sink_(sink) {}

  Program run(const std::string& entry_path) {
    fs::path entry(entry_path);
    root_display_ = entry.parent_path();
    std::error_code ec;
    // The root is the entry file's directory with symbolic links resolved, so
    // that a project reached through a link resolves its imports like any
    // other; the entry file itself is taken where it is named, even when it
    // is a link.
    root_ = fs::weakly_canonical(fs::absolute(entry, ec).parent_path(), ec);
    canonical_root_ = root_;
    auto id = base::read_source(sm_, entry_path, sink_);
    if (!id) return std::move(prog_);
    Module* m = add_module(entry_path, (root_ / entry.filename()).string(), false, *id);
    prog_.entry = m;
    load_imports(m, 1);
    return std::move(prog_);
  }

 private:
  std::string key_of(const fs::path& p) {
    std::error_code ec;
    return fs::weakly_canonical(p, ec).string();
  }

  Module* add_module(std::string display, std::string key, bool is_std, base::FileId id) {
    auto m = std::make_unique<Module>();
    m->display = std::move(display);
    m->path = key;
    m->is_std = is_std;
    m->file = id;
    m->ast = syntax::parse(sm_, id, names_, sink_);
    Module* raw = m.get();
    prog_.modules.push_back(std::move(m));
    by_key_[key] = raw;
    return raw;
  }

  base::Location at(const Module* m, const ast::Decl* d) const {
    const auto& imp = std::get<ast::ImportDecl>(d->node);
    return {m->file, imp.path ? imp.path->range : d->range};
  }

  // Resolves one import of m to a loaded (or newly loaded) module.
  Module* resolve(Module* m, const ast::Decl* d, int depth) {
    const auto& imp = std::get<ast::ImportDecl>(d->node);
    std::optional<std::string> text = plain_string(imp.path);
    if (!text) {
      sink_.report(base::DiagKind::InvalidImportPath, at(m, d), "an import path is a plain string, without `${}`");
      return nullptr;
    }
    if (depth >= kMaxImportDepth) {
      sink_.report(base::DiagKind::ImportsTooDeep, at(m, d),
                   fmt::format("imports are nested more than {} deep; this import is not loaded", kMaxImportDepth))
          .notes.push_back({{}, fmt::format("the chain starts at `{}`", stack_.front()->display)});
      return nullptr;
    }
    std::string path = *text;
    if (path.empty() || fs::path(path).is_absolute()) {
      sink_.report(base::DiagKind::InvalidImportPath, at(m, d),
                   fmt::format("import path `{}` is {}; write a path relative to this file, such as "
                               "`./config.strata`, or a standard module, such as `std/platform`",
                               path, path.empty() ? "empty" : "absolute"));
      return nullptr;
    }
    std::error_code ec;
    bool named_without_extension = fs::path(path).extension().empty();
    if (named_without_extension) path += ".strata";
    std::string key;
    if (m->is_std || path.rfind("std/", 0) == 0) {
      // The standard library: std/... from anywhere, or relative inside it.
      fs::path rel = path.rfind("std/", 0) == 0 ? fs::path(path) : fs::path(m->path).parent_path() / path;
      rel = rel.lexically_normal();
      std::string rel_s = rel.generic_string();
      if (rel_s.rfind("std/", 0) != 0 || !stdlib_file(rel_s)) {
        std::vector<std::string> mods;
        for (const EmbeddedFile& f : embedded_files()) {
          std::string_view p = f.path;
          if (p.size() > 7 && p.substr(p.size() - 7) == ".strata") p.remove_suffix(7);
          mods.emplace_back(p);
        }
        sink_.report(base::DiagKind::ImportNotFound, at(m, d),
                     fmt::format("there is no standard library module `{}`", *text))
            .notes.push_back({{}, fmt::format("the standard library has: {}", fmt::join(mods, ", "))});
        return nullptr;
      }
      key = "std:" + rel_s;
      if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
      std::string_view src = *stdlib_file(rel_s);
      base::FileId id = sm_.add(rel_s, std::string(src));
      return load_new(add_module(rel_s, key, true, id), depth);
    }
    fs::path file = (fs::path(m->path).parent_path() / path).lexically_normal();
    if (!within(root_, file) && file != root_) {
      sink_.report(base::DiagKind::ImportOutsideRoot, at(m, d),
                   fmt::format("import `{}` leaves the project root", *text))
          .notes.push_back({{}, fmt::format("a project imports only files under the directory of its entry file, "
                                            "`{}`; the standard library is imported as `std/...`",
                                            root_display_.empty() ? "." : root_display_.generic_string())});
      return nullptr;
    }
    std::string display = (root_display_ / file.lexically_relative(root_)).generic_string();
    if (!fs::exists(file, ec) && named_without_extension &&
        fs::is_directory(fs::path(m->path).parent_path() / *text, ec)) {
      sink_.report(base::DiagKind::ImportNotFound, at(m, d),
                   fmt::format("import `{}` names a directory; import a file, such as `{}/main.strata`", *text,
                               *text));
      return nullptr;
    }
    if (!fs::exists(file, ec)) {
      sink_.report(base::DiagKind::ImportNotFound, at(m, d),
                   fmt::format("cannot find `{}` (no file `{}`)", *text, display));
      return nullptr;
    }
    if (!within(canonical_root_, fs::weakly_canonical(file, ec))) {
      sink_.report(base::DiagKind::ImportOutsideRoot, at(m, d),
                   fmt::format("import `{}` leads, through a symbolic link, to a file outside the project root",
                               *text))
          .notes.push_back({{}, fmt::format("the project root is `{}`",
                                            root_display_.empty() ? "." : root_display_.generic_string())});
      return nullptr;
    }
    key = key_of(file);
    if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
    auto id = base::read_source(sm_, file.string(), sink_, display, at(m, d));
    if (!id) return nullptr;
    return load_new(add_module(display, key, false, *id), depth);
  }

  Module* load_new(Module* target, int depth) {
    load_imports(target, depth + 1);
    return target;
  }

  void load_imports(Module* m, int depth) {
    stack_.push_back(m);
    for (const ast::Decl* d : m->ast.decls) {
      if (!std::holds_alternative<ast::ImportDecl>(d->node)) continue;
      via_.push_back(d);
      Module* target = resolve(m, d, depth);
      via_.pop_back();
      if (target) {
        auto on_stack = std::find(stack_.begin(), stack_.end(), target);
        if (on_stack != stack_.end()) report_cycle(on_stack - stack_.begin(), m, d);
      }
      m->imports.push_back({d, target});
    }
    stack_.pop_back();
  }

  // stack_[from..] imports each other in a circle, closed by d in m.
  void report_cycle(std::ptrdiff_t from, Module* m, const ast::Decl* d) {
    std::vector<std::string> chain;
    for (auto k = static_cast<std::size_t>(from); k < stack_.size(); ++k) chain.push_back(stack_[k]->display);
    chain.push_back(stack_[static_cast<std::size_t>(from)]->display);
    auto& diag = sink_.report(base::DiagKind::ImportCycle, at(m, d),
                              fmt::format("import cycle: {}", fmt::join(chain, " -> ")));
    // via_[k] is the import of stack_[k] being loaded: the edge to stack_[k + 1].
    for (auto k = static_cast<std::size_t>(from); k + 1 < stack_.size(); ++k)
      diag.notes.push_back({at(stack_[k], via_[k]),
                            fmt::format("`{}` imports `{}` here", stack_[k]->display, stack_[k + 1]->display)});
    diag.notes.push_back({{}, "modules may not import each other in a circle; move what both need into a third"});
  }

  base::SourceManager& sm_;
  base::Interner& names_;
  base::DiagSink& sink_;
  Program prog_;
  fs::path root_, canonical_root_, root_display_;
  std::unordered_map<std::string, Module*> by_key_;
  std::vector<Module*> stack_;
  std::vector<const ast::Decl*> via_;
};

}  // namespace

std::optional<std::string_view> stdlib_file(std::string_view path) {
  for (const EmbeddedFile& f : embedded_files())
    if (f.path == path) return f.text;
  return std::nullopt;
}

Program load_program(const std::string& entry_path, base::SourceManager& sm, base::Interner& names,
                     base::DiagSink& sink) {
  return Loader(sm, names, sink).run(entry_path);
}

}  // namespace strata::sema
