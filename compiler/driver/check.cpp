#include "driver/check.hpp"

#include <fmt/format.h>

#include "driver/project.hpp"
#include "syntax/parse.hpp"

namespace strata::driver {

void check_targets(const std::vector<std::string>& targets, base::SourceManager& sm, base::Interner& names,
                   base::DiagSink& sink) {
  std::vector<std::string> list = targets.empty() ? std::vector<std::string>{"."} : targets;
  for (const std::string& target : list) {
    std::string path = entry_path_for(target);
    auto id = read_source(sm, path, sink);
    if (!id) continue;
    std::size_t errors_before = sink.error_count();
    ast::File file = syntax::parse(sm, *id, names, sink);
    if (file.decls.empty() && sink.error_count() == errors_before) {
      sink.report(base::DiagKind::EmptyFile, {*id, {0, 0}},
                  fmt::format("`{}` declares nothing; an entry file declares at least one env or output", path));
    }
  }
}

}  // namespace strata::driver
