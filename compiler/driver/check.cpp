#include "driver/check.hpp"

#include <fmt/format.h>

#include "base/big_stack.hpp"
#include "driver/kept_evaluation.hpp"
#include "driver/project.hpp"
#include "eval/evaluate.hpp"
#include "sema/load.hpp"
#include "sema/resolve.hpp"

namespace strata::driver {

void check_targets(const std::vector<std::string>& targets, base::SourceManager& sm, base::Interner& names,
                   base::DiagSink& sink, CheckDepth depth) {
  std::vector<std::string> list = targets.empty() ? std::vector<std::string>{"."} : targets;
  for (const std::string& target : list) {
    std::string path = entry_path_for(target);
    std::size_t errors_before = sink.error_count();
    sema::Program program = sema::load_program(path, sm, names, sink);
    if (!program.entry) continue;
    if (program.entry->ast.decls.empty() && sink.error_count() == errors_before) {
      sink.report(base::DiagKind::EmptyFile, {program.entry->file, {0, 0}},
                  fmt::format("`{}` declares nothing; an entry file declares at least one env or output", path));
      continue;
    }
    if (depth == CheckDepth::Syntax) continue;
    sema::resolve_names(program, names, sink);
    // Evaluation on a large stack: its own depth limits end deep recursion.
    base::run_with_big_stack([&] { KeptEvaluation(new eval::Evaluation(program, names, sink))->check_all(); });
  }
}

}  // namespace strata::driver
