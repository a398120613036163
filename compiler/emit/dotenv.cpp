#include "emit/dotenv.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "base/json_writer.hpp"
#include "eval/value_text.hpp"

namespace strata::emit {
namespace {

using base::DiagKind;

// A name as a message shows it: in backticks, control characters escaped.
std::string shown(std::string_view name) {
  std::string q;
  base::append_json_string(q, name);
  return "`" + q.substr(1, q.size() - 2) + "`";
}

// [A-Za-z_][A-Za-z0-9_]*: the names bash can assign.
bool is_valid_name(std::string_view k) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return !k.empty() && letter(k[0]) && std::all_of(k.begin() + 1, k.end(), [&](char c) { return letter(c) || digit(c); });
}

// Names a consumer does not treat as a plain variable, with the reason. Each
// group was checked with bash 5.2 and the dotenv package (docs/dotenv.md).
struct ReservedGroup {
  std::string_view names;  // separated and surrounded by spaces
  std::string_view why;
};
constexpr ReservedGroup kReserved[] = {
    {" BASHOPTS BASH_VERSINFO EUID PPID SHELLOPTS UID ",
     "bash makes it read-only: `. FILE` reports an error and keeps bash's own value (and stops the shell under "
     "`set -e` or in POSIX mode)"},
    {" BASHPID BASH_ALIASES BASH_ARGC BASH_ARGV BASH_ARGV0 BASH_CMDS BASH_COMMAND BASH_LINENO BASH_SOURCE "
     "BASH_SUBSHELL COMP_WORDBREAKS DIRSTACK EPOCHREALTIME EPOCHSECONDS FUNCNAME GROUPS HISTCMD LINENO PIPESTATUS "
     "RANDOM SECONDS SRANDOM _ ",
     "bash manages it itself: after `. FILE` the shell does not hold the value written, or does not pass it on to "
     "the programs it starts"},
    {" BASH_COMPAT BASH_XTRACEFD OPTIND SHLVL ",
     "bash takes its value as a setting of its own: it checks it (reporting an error, or turning it into a number) "
     "and changes how the shell runs"},
    {" PROMPT_COMMAND PS0 PS1 PS2 PS4 ",
     "bash runs or expands its value as shell code in the shell that loads the file (prompts, `set -x` traces): a "
     "`$(...)` in it would run"},
    {" __proto__ ", "the dotenv package drops it: it names the prototype of a JavaScript object"},
};

std::string_view reserved_reason(std::string_view k) {
  std::string word = " " + std::string(k) + " ";
  for (const ReservedGroup& g : kReserved)
    if (g.names.find(word) != std::string_view::npos) return g.why;
  return {};
}

bool is_scalar(const eval::Value& v) {
  return v.str() || v.get<bool>() || v.get<std::int64_t>() || v.get<double>() || v.get<base::Quantity>() ||
         v.get<eval::RangeV>() || v.get<eval::EnumV>();
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Reports what keeps `text` from being written as `KEY='text'` so that every
// consumer reads it back as it is; false if anything does.
bool check_text(std::string_view key, std::string_view text, base::Location at, base::DiagSink& sink) {
  struct Bad {
    char c;
    const char* what;
    const char* why;
  };
  static constexpr Bad kBad[] = {
      {'\'', "a single quote (`'`)",
       "a value is written between single quotes, the one form that node --env-file, the dotenv package and bash "
       "read alike, and none of them reads a `'` inside it (node ends the value there, bash looks for another `'`)"},
      {'\r', "a carriage return (`\\r`)",
       "node drops a carriage return, the dotenv package reads it as a line feed, bash keeps it"},
      {'\0', "a NUL byte", "an environment variable cannot hold a NUL byte"},
  };
  std::vector<const Bad*> found;
  for (const Bad& b : kBad)
    if (text.find(b.c) != std::string_view::npos) found.push_back(&b);
  bool ok = found.empty();
  if (!ok) {
    std::string what;
    for (std::size_t i = 0; i < found.size(); ++i)
      what += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + std::string(found[i]->what);
    base::Diagnostic& d =
        sink.report(DiagKind::EnvUnwritableValue, at, fmt::format("the value of {} contains {}", shown(key), what));
    for (const Bad* b : found) d.notes.push_back({{}, b->why});
  }
  if (!text.empty() && text.back() == '\\') {
    base::Diagnostic& d = sink.report(DiagKind::EnvTrailingBackslash, at,
                                      fmt::format("the value of {} ends with a backslash", shown(key)));
    d.notes.push_back({{}, "the dotenv package reads `\\'` as an escaped quote, so the value can run on into the next "
                           "variable; node and bash read it as written"});
    ok = false;
  }
  return ok;
}

}  // namespace

std::optional<std::string> dotenv_text(const eval::Value& vars, const base::Interner& names, base::DiagSink& sink) {
  if (vars.is_error()) return std::nullopt;
  const eval::Map* map = vars.map();
  if (!map) {
    sink.report(DiagKind::EnvNotScalar, {vars.origin.file, vars.origin.range},
                fmt::format("a .env file is made from a map of variables, not {}", eval::describe_value_kind(vars)));
    return std::nullopt;
  }
  bool ok = true;
  std::string out(kDotenvHeader);
  // The map's entries are sorted by key (bytewise), so the file is too.
  for (const auto& [key, v] : map->entries) {
    base::Location at{v.origin.file, v.origin.range};
    if (!is_valid_name(key)) {
      base::Diagnostic& d =
          sink.report(DiagKind::EnvInvalidName, at, fmt::format("{} is not a valid .env variable name", shown(key)));
      d.notes.push_back({{}, "a name is ASCII letters, digits and `_`, not starting with a digit: bash assigns no "
                             "other (it runs such a line as a command)"});
      ok = false;
    } else if (std::string_view why = reserved_reason(key); !why.empty()) {
      base::Diagnostic& d =
          sink.report(DiagKind::EnvReservedName, at, fmt::format("{} cannot be set by a .env file", shown(key)));
      d.notes.push_back({{}, std::string(why)});
      ok = false;
    }
    if (v.is_error()) {
      ok = false;
      continue;
    }
    if (v.is_null()) continue;  // absent: the variable is not set
    if (const eval::SecretV* s = v.get<eval::SecretV>()) {
      if (has_control(s->name()) || has_control(s->key())) {
        base::Diagnostic& d = sink.report(
            DiagKind::EnvUnwritableSecret, at,
            fmt::format("the secret of {} (Secret {}, key {}) has a control character in its name or key",
                        shown(key), shown(s->name()), shown(s->key())));
        d.notes.push_back({{}, "a secret is never written to a .env file, only named in a comment line, which "
                               "a line break would end"});
        ok = false;
        continue;
      }
      out += fmt::format("# {}: from Secret {}, key {} (mount it; secrets are never written here)\n", key,
                         s->name(), s->key());
      continue;
    }
    if (!is_scalar(v)) {
      base::Diagnostic& d =
          sink.report(DiagKind::EnvNotScalar, at,
                      fmt::format("the value of {} is {}: a .env variable takes a string, a number, a bool, a unit "
                                  "value, a range, an enum case or a secret",
                                  shown(key), eval::describe_value_kind(v)));
      if (v.list()) d.notes.push_back({{}, "to pass a list, join it into one string: `join(xs, \",\")`"});
      ok = false;
      continue;
    }
    // What `to_string` makes of the value.
    std::string text = eval::plain_text(v, names);
    if (!check_text(key, text, at, sink)) {
      ok = false;
      continue;
    }
    out += key;
    out += "='";
    out += text;
    out += "'\n";
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace strata::emit
