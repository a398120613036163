// Golden tests: each `NAME.strata` under a step's folder is run through that
// step and its output compared with `NAME.golden` beside it.
//
//   golden_runner DIR            compare (exit 1 on any difference)
//   golden_runner --update DIR   rewrite the .golden files (see scripts/update-golden)
//
// Folders: syntax/ (the diagnostics of `strata check FILE`, parsing only),
// parse/ (the syntax tree of `strata dump-ast FILE`, then its diagnostics),
// check/ (the diagnostics of a full `strata check FILE`), eval/ (those, then
// `strata eval ENV` of each env in the file), projects/
// (each subfolder a project; `strata check NAME`, expected in NAME.golden
// beside the folder), build/ (each subfolder a project, built with `strata
// build` into an empty temporary directory: the diagnostics, then every file
// written, in NAME.golden beside the folder). Inputs are opened under their bare name from their own
// folder, so the expectations never depend on the machine.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ast/dump.hpp"
#include "../file_text.hpp"
#include "base/render.hpp"
#include "driver/build.hpp"
#include "driver/check.hpp"
#include "driver/eval_cmd.hpp"
#include "syntax/parse.hpp"

namespace fs = std::filesystem;
using strata::test::read_all;
using namespace strata;

namespace {

std::string render_all(const base::SourceManager& sm, base::DiagSink& sink) {
  sink.sort();
  std::string out;
  for (const auto& d : sink.diagnostics()) out += base::render_text(sm, d, {});
  return out;
}

// build/: the project in the current folder, built into a fresh directory.
std::string run_build_case() {
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  fs::path out = fs::temp_directory_path() / ("strata-golden-" + std::to_string(::getpid()));
  fs::remove_all(out);
  driver::BuildRequest req;
  req.out_dir = out.string();
  std::string summary;
  driver::BuildStatus status = driver::run_build(req, sm, names, sink, summary);
  std::string text = render_all(sm, sink);
  if (status != driver::BuildStatus::Errors) {
    std::vector<fs::path> files;
    if (fs::exists(out))
      for (const auto& e : fs::recursive_directory_iterator(out))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) text += "== " + fs::relative(f, out).generic_string() + " ==\n" + read_all(f);
  }
  fs::remove_all(out);
  return text;
}

// What the step prints for one input, run from the input's folder.
std::string run_case(const std::string& step, const std::string& name) {
  if (step == "build") return run_build_case();
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  if (step == "parse") {
    std::string text = read_all(name);
    base::FileId id = sm.add(name, std::move(text));
    ast::File file = syntax::parse(sm, id, names, sink);
    return ast::dump(file, names) + "== diagnostics ==\n" + render_all(sm, sink);
  }
  driver::check_targets({name}, sm, names, sink,
                        step == "syntax" ? driver::CheckDepth::Syntax : driver::CheckDepth::Names);
  std::string out = render_all(sm, sink);
  if (step != "eval" || sink.has_errors()) return out;
  // eval/: then every env of the file, as `strata eval ENV` prints it.
  base::SourceManager sm2;
  base::Interner names2;
  base::DiagSink sink2;
  ast::File file = syntax::parse(sm2, sm2.add(name, read_all(name)), names2, sink2);
  for (const ast::Decl* d : file.decls) {
    const auto* env = std::get_if<ast::EnvDecl>(&d->node);
    if (!env) continue;
    driver::EvalRequest req;
    req.env = std::string(names2.str(env->name.sym));
    req.entry = name;
    base::SourceManager sm3;
    base::Interner names3;
    base::DiagSink sink3;
    std::string text;
    driver::run_eval(req, sm3, names3, sink3, text);
    out += "== env " + req.env + " ==\n" + text + render_all(sm3, sink3);
  }
  return out;
}

// A short line-by-line report of where expected and actual first differ.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ea = !std::getline(a, la), eb = !std::getline(b, lb);
    if (ea && eb) return "(only line endings differ)";
    if (ea || eb || la != lb)
      return "line " + std::to_string(line) + ":\n    expected: " + (ea ? "<end>" : la) +
             "\n    actual:   " + (eb ? "<end>" : lb);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool update = false;
  std::vector<fs::path> roots;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--update") update = true;
    else roots.emplace_back(fs::absolute(a));
  }
  if (roots.empty()) {
    std::fprintf(stderr, "usage: golden_runner [--update] DIR...\n");
    return 2;
  }
  // A case is a file in a step folder (syntax/, parse/), or a whole project:
  // a folder under projects/ (checked as `strata check NAME`).
  std::vector<fs::path> cases;
  for (const fs::path& root : roots) {
    if (!fs::is_directory(root)) {
      std::fprintf(stderr, "golden_runner: no folder %s\n", root.string().c_str());
      return 2;
    }
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      std::string step = e.path().parent_path().filename().string();
      if ((step == "projects" || step == "build") && e.is_directory()) cases.push_back(e.path());
      else if (e.is_regular_file() && e.path().extension() == ".strata" &&
               (step == "syntax" || step == "parse" || step == "check" || step == "eval"))
        cases.push_back(e.path());
    }
  }
  std::sort(cases.begin(), cases.end());

  int passed = 0, failed = 0, updated = 0;
  fs::path cwd = fs::current_path();
  for (const fs::path& c : cases) {
    std::string step = c.parent_path().filename().string();
    fs::current_path(step == "build" ? c : c.parent_path());
    std::string got = run_case(step, c.filename().string());
    fs::current_path(cwd);
    fs::path golden = fs::path(c).concat(".golden");
    if (c.extension() == ".strata") golden = fs::path(c).replace_extension(".golden");
    std::string want = read_all(golden);
    if (got == want && fs::exists(golden)) {  // an expectation is a file, even an empty one
      ++passed;
      continue;
    }
    if (update) {
      std::ofstream(golden, std::ios::binary) << got;
      std::printf("updated %s\n", golden.string().c_str());
      ++updated;
      continue;
    }
    ++failed;
    std::printf("FAIL %s\n  %s\n", c.string().c_str(), first_difference(want, got).c_str());
  }
  if (update) std::printf("golden: %d unchanged, %d updated\n", passed, updated);
  else std::printf("golden: %d passed, %d failed\n", passed, failed);
  return failed == 0 && !cases.empty() ? 0 : 1;
}
