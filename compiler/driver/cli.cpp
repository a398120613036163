#include "driver/cli.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ast/dump.hpp"
#include "base/read_file.hpp"
#include "base/render.hpp"
#include "driver/check.hpp"
#include "driver/eval_cmd.hpp"
#include "driver/project.hpp"
#include "strata_version.hpp"
#include "syntax/parse.hpp"

namespace strata::driver {
namespace {

constexpr const char* kMainHelp = R"(strata - a typed configuration and manifest compiler

usage: strata [-C DIR] <command> [options] [args]

commands:
  check [FILE|DIR]...   check a project (default: the one in the current directory)
  eval ENV [PATH]       print an evaluated env, or one value in it
  explain ENV PATH      show where a value was set: each env layer, with file:line:col
  dump-ast FILE         print the syntax tree of one file (a debugging aid)
  help [COMMAND]        show help for a command

options:
  -C DIR                run as if started in DIR (like git, make and ninja)
  --version             print the version and exit
  -h, --help            show this help

A project is a directory with an entry file `main.strata`.
Exit status: 0 no errors, 1 errors in the input, 2 usage errors.
)";

constexpr const char* kCheckHelp = R"(usage: strata [-C DIR] check [options] [FILE|DIR]...

Parses and checks a project and reports every error found, not only the
first. A DIR stands for DIR/main.strata; with no argument, the project in the
current directory is checked. Nothing is written.

options:
  --format text|json    text (default) for people, on stderr; json for tools:
                        one JSON object per diagnostic and line, on stdout
  --color auto|always|never
                        colour the text output (auto: only on a terminal,
                        and never when NO_COLOR is set)
  --syntax-only         only read the files (the entry file and its imports)
                        and report syntax errors: no names, types or values
  -h, --help            show this help

Exit status: 0 no errors, 1 errors in the input, 2 usage errors.
)";

constexpr const char* kEvalHelp = R"(usage: strata [-C DIR] eval [--format yaml|json] ENV [PATH]

Evaluates the project in the current directory (or -C DIR) and prints env
ENV, or the value at PATH inside it (a dotted path: `services.api.replicas`;
list elements by index: `init.0`). Nothing is printed when the project has
errors: they are reported instead, as by `strata check`.

options:
  --format yaml|json    yaml (default) or json
  --color auto|always|never
)";

constexpr const char* kExplainHelp = R"(usage: strata [-C DIR] explain ENV PATH

Prints the value at PATH in env ENV and where it came from: every env layer
(the root env, then each `amends` overlay) whose body sets it, with
file:line:col and the value it had in that layer, or the schema default when
no env sets it.
)";

constexpr const char* kDumpAstHelp = R"(usage: strata [-C DIR] dump-ast FILE

Prints the syntax tree of FILE as S-expressions, after reporting any syntax
errors (the tree then holds what could be read). Meant for debugging the
parser and for its golden tests; the format may change.
)";

struct Options {
  std::string command;
  std::vector<std::string> args;
  std::string format = "text";
  std::string color = "auto";
  bool help = false;
  bool syntax_only = false;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "strata: error: %s\nTry `strata --help`.\n", msg.c_str());
  return kExitUsage;
}

const char* help_for(std::string_view command) {
  if (command == "check") return kCheckHelp;
  if (command == "dump-ast") return kDumpAstHelp;
  if (command == "eval") return kEvalHelp;
  if (command == "explain") return kExplainHelp;
  if (command.empty() || command == "help") return kMainHelp;
  return nullptr;
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDERR_FILENO) != 0;
}

// Prints every diagnostic; returns the exit code they imply.
int report(const base::SourceManager& sm, base::DiagSink& sink, const Options& opt) {
  sink.sort();
  if (opt.format == "json") {
    std::string out;
    for (const base::Diagnostic& d : sink.diagnostics()) out += base::render_json(sm, d);
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    base::TextStyle style{use_color(opt.color)};
    std::string out;
    for (const base::Diagnostic& d : sink.diagnostics()) out += base::render_text(sm, d, style);
    std::size_t errors = sink.error_count();
    if (errors > 0) out += fmt::format("{} error{} found\n", errors, errors == 1 ? "" : "s");
    std::fwrite(out.data(), 1, out.size(), stderr);
  }
  return sink.has_errors() ? kExitInputError : kExitOk;
}

int run_check(const Options& opt) {
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  check_targets(opt.args, sm, names, sink, opt.syntax_only ? CheckDepth::Syntax : CheckDepth::Names);
  return report(sm, sink, opt);
}

int run_dump_ast(const Options& opt) {
  if (opt.args.size() != 1) return usage_error("dump-ast takes exactly one FILE");
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  auto id = base::read_source(sm, opt.args[0], sink);
  std::string tree;
  if (id) tree = ast::dump(syntax::parse(sm, *id, names, sink), names);
  int code = report(sm, sink, opt);
  std::fwrite(tree.data(), 1, tree.size(), stdout);
  return code;
}

int run_eval_command(const Options& opt, bool explain) {
  std::size_t want = explain ? 2 : 1;
  if (opt.args.size() < want || opt.args.size() > 2)
    return usage_error(explain ? "explain takes ENV PATH" : "eval takes ENV and an optional PATH");
  if (opt.format != "yaml" && opt.format != "json" && opt.format != "text")
    return usage_error(fmt::format("unknown format `{}` (expected yaml or json)", opt.format));
  EvalRequest req;
  req.env = opt.args[0];
  req.path = opt.args.size() > 1 ? opt.args[1] : "";
  req.format = opt.format == "json" ? "json" : "yaml";
  req.explain = explain;
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  std::string out;
  bool ok = run_eval(req, sm, names, sink, out);
  Options diag_opt = opt;
  diag_opt.format = "text";
  int code = report(sm, sink, diag_opt);
  if (!ok) return code == kExitOk ? kExitInputError : code;
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

int run_cli(int argc, char** argv) {
  Options opt;
  std::vector<std::string> rest;
  std::string chdir_to;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& flag) -> std::optional<std::string> {
      if (a.size() > flag.size() + 1 && a.compare(0, flag.size() + 1, flag + "=") == 0)
        return a.substr(flag.size() + 1);
      if (a == flag) {
        if (i + 1 >= argc) return std::nullopt;
        return std::string(argv[++i]);
      }
      return std::string("\x01");  // not this flag
    };
    if (a == "--version") {
      std::printf("strata %s\n", STRATA_VERSION);
      return kExitOk;
    }
    if (a == "-h" || a == "--help") {
      opt.help = true;
      continue;
    }
    if (a == "--syntax-only") {
      opt.syntax_only = true;
      continue;
    }
    if (a == "-C" || a.rfind("-C", 0) == 0) {
      std::string dir = a == "-C" ? (i + 1 < argc ? argv[++i] : "") : a.substr(2);
      if (dir.empty()) return usage_error("-C needs a directory");
      chdir_to = dir;
      continue;
    }
    bool matched = false;
    for (const char* flag : {"--format", "--color"}) {
      auto v = value(flag);
      if (v && *v == "\x01") continue;
      if (!v) return usage_error(fmt::format("{} needs a value", flag));
      (std::string_view(flag) == "--format" ? opt.format : opt.color) = *v;
      matched = true;
      break;
    }
    if (matched) continue;
    if (a.size() > 1 && a[0] == '-' && a != "-") return usage_error(fmt::format("unknown option `{}`", a));
    rest.push_back(a);
  }
  if (opt.format != "text" && opt.format != "json" && opt.format != "yaml")
    return usage_error(fmt::format("unknown format `{}` (expected text or json)", opt.format));
  if (opt.color != "auto" && opt.color != "always" && opt.color != "never")
    return usage_error(fmt::format("unknown colour mode `{}` (expected auto, always or never)", opt.color));

  if (!rest.empty()) {
    opt.command = rest.front();
    opt.args.assign(rest.begin() + 1, rest.end());
  }
  if (opt.command == "help") {
    const char* h = help_for(opt.args.empty() ? "" : opt.args.front());
    if (!h) return usage_error(fmt::format("no help for unknown command `{}`", opt.args.front()));
    std::fputs(h, stdout);
    return kExitOk;
  }
  if (opt.help || opt.command.empty()) {
    const char* h = help_for(opt.command);
    if (!h) return usage_error(fmt::format("unknown command `{}`", opt.command));
    std::fputs(h, opt.command.empty() && !opt.help ? stderr : stdout);
    return opt.command.empty() && !opt.help ? kExitUsage : kExitOk;
  }
  if (!chdir_to.empty()) {
    std::error_code ec;
    std::filesystem::current_path(chdir_to, ec);
    if (ec) return usage_error(fmt::format("cannot change to directory `{}`: {}", chdir_to, ec.message()));
  }
  if (opt.command == "check") return run_check(opt);
  if (opt.command == "dump-ast") return run_dump_ast(opt);
  if (opt.command == "eval") return run_eval_command(opt, false);
  if (opt.command == "explain") return run_eval_command(opt, true);
  return usage_error(fmt::format("unknown command `{}`", opt.command));
}

}  // namespace strata::driver
