#pragma once
// Evaluating a one-file Strata project in a unit test: the program is written
// to a fresh temporary directory as main.strata, loaded, resolved and
// evaluated on the big-stack thread, and kept alive so its values (and their
// origins) can be handed to an emitter.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "base/big_stack.hpp"
#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "base/render.hpp"
#include "base/source.hpp"
#include "eval/evaluate.hpp"
#include "sema/load.hpp"
#include "sema/resolve.hpp"
#include "test_support.hpp"

namespace strata::test {

struct Evaluated {
  std::filesystem::path dir;
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  sema::Program program;
  std::unique_ptr<eval::Evaluation> evaluation;

  ~Evaluated() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  /// The diagnostics rendered as text, without colour.
  std::string text() const { return diag_text(sm, sink); }
  std::vector<std::string> codes() const { return diag_codes(sink); }
  /// A field of an evaluated env, or null.
  const eval::Value* field(std::string_view env, std::string_view name) {
    const eval::EnvValue* e = evaluation->env(env);
    if (!e) return nullptr;
    const eval::Record* r = e->value.record();
    if (!r) return nullptr;
    for (const auto& [sym, v] : r->fields)
      if (names.str(sym) == name) return &v;
    return nullptr;
  }
};

/// Evaluates `source` as the main.strata of a new project (every env and
/// output checked); diagnostics are in the result's sink.
inline std::unique_ptr<Evaluated> evaluate_text(const std::string& source) {
  static std::atomic<int> counter{0};
  auto r = std::make_unique<Evaluated>();
  r->dir = std::filesystem::temp_directory_path() /
           ("strata-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(r->dir);
  {
    std::ofstream out(r->dir / "main.strata", std::ios::binary);
    out << source;
  }
  r->program = sema::load_program((r->dir / "main.strata").string(), r->sm, r->names, r->sink);
  if (!r->program.entry) return r;
  sema::resolve_names(r->program, r->names, r->sink);
  base::run_with_big_stack([&] {
    r->evaluation = std::make_unique<eval::Evaluation>(r->program, r->names, r->sink);
    r->evaluation->check_all();
  });
  return r;
}

}  // namespace strata::test
