#pragma once
/// A loaded program: the entry module, every module it imports (transitively),
/// and each module's top-level names.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.hpp"
#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"

namespace strata::sema {

struct Module;

/// What a top-level name stands for.
enum class EntityKind { Let, Type, Enum, Schema, Fn, Check, Env, ModuleAlias };

struct Entity {
  EntityKind kind;
  const ast::Decl* decl = nullptr;  // the declaring declaration (the import, for an alias)
  Module* module = nullptr;         // the module that declares it (the imported one, for an alias)
  base::Range name_range;
};

/// One resolved `import`.
struct Import {
  const ast::Decl* decl = nullptr;
  Module* target = nullptr;  // null when the import could not be loaded
};

struct Module {
  std::string display;  // as in diagnostics: "main.strata", "sub/x.strata", "std/platform.strata"
  std::string path;     // file-system path, or the stdlib-relative path for std modules
  bool is_std = false;
  base::FileId file = base::kNoFile;
  ast::File ast;
  std::vector<Import> imports;
  /// This module's own declarations and import aliases.
  std::unordered_map<std::uint32_t, Entity> names;  // by Symbol id
};

struct Program {
  std::vector<std::unique_ptr<Module>> modules;  // the entry module first
  Module* entry = nullptr;
};

}  // namespace strata::sema
