// The .env emitter: the exact text for every escaping rule, each diagnostic,
// and the files read back by their consumers (node --env-file and bash
// `set -a; . FILE`), compared variable by variable with the expected values.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../file_text.hpp"
#include "emit/dotenv.hpp"
#include "eval_fixture.hpp"

extern char** environ;

namespace fs = std::filesystem;
using strata::eval::Value;
using Vars = std::map<std::string, std::string>;

namespace {

// ---- evaluating a project and emitting its `vars` field ----

struct Emitted {
  std::unique_ptr<strata::test::Evaluated> ev;
  std::optional<std::string> text;
};

// `vars_body` is the map literal of the field `vars` of env `dev`; `prelude`
// is written before the schema (lets, enums).
Emitted emit(const std::string& vars_body, const std::string& prelude = "") {
  Emitted e;
  e.ev = strata::test::evaluate_text(prelude + "\nschema App {\n  vars: {string: any}\n}\n\nenv dev: App {\n  vars = " +
                                     vars_body + "\n}\n");
  REQUIRE_MESSAGE(!e.ev->sink.has_errors(), e.ev->text());
  const Value* vars = e.ev->field("dev", "vars");
  REQUIRE(vars);
  e.text = strata::emit::dotenv_text(*vars, e.ev->names, e.ev->sink);
  return e;
}

strata::eval::ValueArena& test_values() {
  static strata::eval::ValueArena values;
  return values;
}
Value text_value(std::string_view s) { return strata::eval::make_string(test_values(), s); }
// A map made by hand (its entries sorted by key), without a source position.
Value map_value(const std::vector<strata::eval::MapEntry>& entries) { return Value{test_values().map(entries), {}}; }

// ---- running the consumers ----

// The program `name` found on PATH, or nullopt.
std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    fs::path p = fs::path(dirs.substr(start, end - start)) / name;
    if (!p.parent_path().empty() && ::access(p.c_str(), X_OK) == 0) return p.string();
    start = end + 1;
  }
  return std::nullopt;
}

struct RunResult {
  int status = -1;  // exit status, or -1 when it did not exit normally
  std::string out, err;
};

// Runs argv with an EMPTY environment (node --env-file never overrides a
// variable that is already set), stdout and stderr captured through files.
RunResult run(const std::vector<std::string>& argv, const fs::path& dir) {
  RunResult r;
  fs::path out = dir / "stdout", err = dir / "stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  char* no_env[] = {nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), no_env);
  posix_spawn_file_actions_destroy(&fa);
  REQUIRE_MESSAGE(rc == 0, "cannot start ", argv[0]);
  int wstatus = 0;
  REQUIRE(::waitpid(pid, &wstatus, 0) == pid);
  if (WIFEXITED(wstatus)) r.status = WEXITSTATUS(wstatus);
  r.out = strata::test::read_all(out);
  r.err = strata::test::read_all(err);
  return r;
}

// NUL-separated name, value, name, value, ... as a map.
Vars parse_pairs(const std::string& s) {
  Vars v;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\0') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  CHECK_MESSAGE(start == s.size(), "output does not end with a NUL");
  CHECK_MESSAGE(parts.size() % 2 == 0, "odd number of fields");
  for (std::size_t i = 0; i + 1 < parts.size(); i += 2) v[parts[i]] = parts[i + 1];
  return v;
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("strata-dotenv-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The node to test with: one on PATH that has --env-file (20.6 or later), or
// nullopt with the reason in *why.
std::optional<std::string> usable_node(std::string* why) {
  std::optional<std::string> node = find_program("node");
  if (!node) {
    *why = "node is not installed";
    return std::nullopt;
  }
  TempDir dir;
  RunResult v = run({*node, "--version"}, dir.path);
  int major = 0, minor = 0;
  if (std::sscanf(v.out.c_str(), "v%d.%d", &major, &minor) != 2 || major < 20 || (major == 20 && minor < 6)) {
    *why = "node " + v.out.substr(0, v.out.find('\n')) + " has no --env-file (added in 20.6)";
    return std::nullopt;
  }
  return node;
}

// node: every variable of process.env (the environment starts empty, so
// these are exactly the file's), as NUL-separated pairs.
std::optional<Vars> read_with_node(const fs::path& file, const fs::path& dir) {
  static std::string why;
  static const std::optional<std::string> node = usable_node(&why);
  if (!node) {
    MESSAGE(why, ": the node --env-file consumer was SKIPPED");
    return std::nullopt;
  }
  RunResult r = run({*node, "--env-file=" + file.string(), "-e",
                     "for (const k of Object.keys(process.env)) process.stdout.write(k + '\\0' + process.env[k] + "
                     "'\\0')"},
                    dir);
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(r.err.empty(), r.err);
  return parse_pairs(r.out);
}

// bash: `set -a; . FILE; set +a`, then each of `names` that is set, as
// NUL-separated pairs; bash must say nothing on stderr.
std::optional<Vars> read_with_bash(const fs::path& file, const std::vector<std::string>& names, const fs::path& dir) {
  static const std::optional<std::string> bash = find_program("bash");
  if (!bash) {
    MESSAGE("bash is not installed: the bash consumer was SKIPPED");
    return std::nullopt;
  }
  std::vector<std::string> argv = {
      *bash, "-c",
      "set -a; . \"$1\" || exit 3; set +a; shift; for k; do if [ -n \"${!k+x}\" ]; then printf '%s\\0%s\\0' \"$k\" "
      "\"${!k}\"; fi; done",
      "bash", file.string()};
  argv.insert(argv.end(), names.begin(), names.end());
  RunResult r = run(argv, dir);
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK_MESSAGE(r.err.empty(), r.err);
  return parse_pairs(r.out);
}

// Shows a value with its control characters visible, for failure messages.
std::string visible(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void compare(const char* consumer, const Vars& got, const Vars& expected) {
  for (const auto& [k, v] : expected) {
    auto it = got.find(k);
    CHECK_MESSAGE(it != got.end(), consumer, ": `", k, "` is not set");
    if (it != got.end()) CHECK_MESSAGE(it->second == v, consumer, ": `", k, "` is [", visible(it->second),
                                       "], expected [", visible(v), "]");
  }
}

// Writes `text` to a file and checks that node reads exactly `expected` (no
// other variable) and bash reads every expected variable and none of `absent`.
void check_consumers(const std::string& text, const Vars& expected, const std::vector<std::string>& absent = {}) {
  TempDir dir;
  fs::path file = dir.path / "test.env";
  {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }
  if (auto got = read_with_node(file, dir.path)) {
    compare("node", *got, expected);
    for (const auto& [k, v] : *got) CHECK_MESSAGE(expected.count(k) == 1, "node: unexpected variable `", k, "`");
  }
  std::vector<std::string> names;
  for (const auto& [k, v] : expected) names.push_back(k);
  names.insert(names.end(), absent.begin(), absent.end());
  if (auto got = read_with_bash(file, names, dir.path)) {
    compare("bash", *got, expected);
    for (const std::string& k : absent) CHECK_MESSAGE(got->count(k) == 0, "bash: `", k, "` is set");
  }
}

// ---- the values every test reads back ----

const char* kPrelude = R"strata(enum Level { debug, info }
let cpu_value: cpu = 250m
let memory_value: memory = 1536Mi
let duration_value: duration = 1h30m
let percent_value: percent = 12.5%)strata";

// Written out of order: the file sorts them.
const char* kVars = R"strata({
    SPACES = "  two  spaces  "
    HASH = "a #not-a-comment"
    HASH_FIRST = "#x"
    DOLLAR = "$HOME and $1 and $"
    BRACES = "\${HOME} \${X:-default}"
    COMMANDS = "`id` and $(id)"
    EQUALS = "a=b=="
    TABS = "\ta\tb\t"
    NEWLINES = "line 1\nline 2\n\n# not a comment\nOTHER=not a variable\nexport B=1\n"
    LEADING_NEWLINE = "\nstarts with a line break"
    NON_ASCII = "straße ünï 日本 😀 \u{A0}\u{2028}\u{FEFF}"
    DOUBLE_QUOTES = "say \"hi\" \""
    BACKSLASHES = "C:\\path\\n is not a line break, \\t\\\\ either"
    CONTROLS = "bell\u{7} esc\u{1B} del\u{7F} vt\u{B} ff\u{C}"
    EMPTY = ""
    EXPORT_LIKE = "export X=1"
    lower_case = "x"
    _UNDERSCORE = "x"
    A1 = "x"
    INT = 8080
    NEGATIVE = -3
    FLOAT = 0.75
    WHOLE_FLOAT = 2.0
    BOOL = true
    CPU = cpu_value
    MEMORY = memory_value
    DURATION = duration_value
    PERCENT = percent_value
    RANGE = 3..10
    LEVEL = Level.info
    DB_PASSWORD = secret("db", "password")
    ABSENT = null
  })strata";

const char* kExpectedText =
    "# Code generated by strata. DO NOT EDIT.\n"
    "A1='x'\n"
    "BACKSLASHES='C:\\path\\n is not a line break, \\t\\\\ either'\n"
    "BOOL='true'\n"
    "BRACES='${HOME} ${X:-default}'\n"
    "COMMANDS='`id` and $(id)'\n"
    "CONTROLS='bell\x07 esc\x1b del\x7f vt\x0b ff\x0c'\n"
    "CPU='250m'\n"
    "# DB_PASSWORD: from Secret db, key password (mount it; secrets are never written here)\n"
    "DOLLAR='$HOME and $1 and $'\n"
    "DOUBLE_QUOTES='say \"hi\" \"'\n"
    "DURATION='1h30m'\n"
    "EMPTY=''\n"
    "EQUALS='a=b=='\n"
    "EXPORT_LIKE='export X=1'\n"
    "FLOAT='0.75'\n"
    "HASH='a #not-a-comment'\n"
    "HASH_FIRST='#x'\n"
    "INT='8080'\n"
    "LEADING_NEWLINE='\nstarts with a line break'\n"
    "LEVEL='info'\n"
    "MEMORY='1536Mi'\n"
    "NEGATIVE='-3'\n"
    "NEWLINES='line 1\nline 2\n\n# not a comment\nOTHER=not a variable\nexport B=1\n'\n"
    "NON_ASCII='straße ünï 日本 😀 \u00a0\u2028\ufeff'\n"
    "PERCENT='12.5%'\n"
    "RANGE='3..10'\n"
    "SPACES='  two  spaces  '\n"
    "TABS='\ta\tb\t'\n"
    "WHOLE_FLOAT='2.0'\n"
    "_UNDERSCORE='x'\n"
    "lower_case='x'\n";

const Vars kExpectedVars = {
    {"A1", "x"},
    {"BACKSLASHES", "C:\\path\\n is not a line break, \\t\\\\ either"},
    {"BOOL", "true"},
    {"BRACES", "${HOME} ${X:-default}"},
    {"COMMANDS", "`id` and $(id)"},
    {"CONTROLS", "bell\x07 esc\x1b del\x7f vt\x0b ff\x0c"},
    {"CPU", "250m"},
    {"DOLLAR", "$HOME and $1 and $"},
    {"DOUBLE_QUOTES", "say \"hi\" \""},
    {"DURATION", "1h30m"},
    {"EMPTY", ""},
    {"EQUALS", "a=b=="},
    {"EXPORT_LIKE", "export X=1"},
    {"FLOAT", "0.75"},
    {"HASH", "a #not-a-comment"},
    {"HASH_FIRST", "#x"},
    {"INT", "8080"},
    {"LEADING_NEWLINE", "\nstarts with a line break"},
    {"LEVEL", "info"},
    {"MEMORY", "1536Mi"},
    {"NEGATIVE", "-3"},
    {"NEWLINES", "line 1\nline 2\n\n# not a comment\nOTHER=not a variable\nexport B=1\n"},
    {"NON_ASCII", "straße ünï 日本 😀 \u00a0\u2028\ufeff"},
    {"PERCENT", "12.5%"},
    {"RANGE", "3..10"},
    {"SPACES", "  two  spaces  "},
    {"TABS", "\ta\tb\t"},
    {"WHOLE_FLOAT", "2.0"},
    {"_UNDERSCORE", "x"},
    {"lower_case", "x"},
};

// The diagnostics of a map, rendered (the emitter must refuse it).
std::string refused(const std::string& vars_body, const std::string& prelude = "") {
  Emitted e = emit(vars_body, prelude);
  CHECK_MESSAGE(!e.text, e.text.value_or(""));
  std::string text = e.ev->text(), dir = e.ev->dir.string() + "/";
  for (std::size_t at; (at = text.find(dir)) != std::string::npos;) text.erase(at, dir.size());
  return text;
}

std::vector<std::string> refused_codes(const std::string& vars_body) {
  Emitted e = emit(vars_body);
  CHECK(!e.text);
  return e.ev->codes();
}

}  // namespace

TEST_CASE("dotenv: the header, KEY='value' lines in key order, a comment for a secret, nothing for absent") {
  Emitted e = emit(kVars, kPrelude);
  REQUIRE_MESSAGE(e.text, e.ev->text());
  CHECK(*e.text == kExpectedText);
  CHECK(e.text->rfind(std::string(strata::emit::kDotenvHeader), 0) == 0);
}

TEST_CASE("dotenv: an empty map is the header alone") {
  Emitted e = emit("{}");
  REQUIRE(e.text);
  CHECK(*e.text == "# Code generated by strata. DO NOT EDIT.\n");
}

TEST_CASE("dotenv consumers: node --env-file and bash read every value as written") {
  Emitted e = emit(kVars, kPrelude);
  REQUIRE(e.text);
  // The secret and the absent value are not set; neither are lines inside values.
  check_consumers(*e.text, kExpectedVars, {"DB_PASSWORD", "ABSENT", "OTHER", "B", "X"});
}

TEST_CASE("dotenv consumers: names bash uses but lets a file set (PATH, IFS, HOME, BASH_ENV, ...)") {
  Emitted e = emit(R"strata({
    PATH = "/opt/app/bin:/usr/bin"
    IFS = ":"
    HOME = "/home/app dir"
    BASH_ENV = "/etc/app/env.sh"
    ENV = "/etc/app/env.sh"
    CDPATH = "/tmp"
    PS3 = "$(not run) "
    TERM = "dumb"
  })strata");
  REQUIRE_MESSAGE(e.text, e.ev->text());
  check_consumers(*e.text, {{"PATH", "/opt/app/bin:/usr/bin"},
                            {"IFS", ":"},
                            {"HOME", "/home/app dir"},
                            {"BASH_ENV", "/etc/app/env.sh"},
                            {"ENV", "/etc/app/env.sh"},
                            {"CDPATH", "/tmp"},
                            {"PS3", "$(not run) "},
                            {"TERM", "dumb"}});
}

TEST_CASE("dotenv consumers: a secret with odd characters in its name stays a comment") {
  Emitted e = emit(R"strata({
    A = "before"
    S = secret("db' X='injected", "k=\"v\" #")
    Z = "after"
  })strata");
  REQUIRE_MESSAGE(e.text, e.ev->text());
  CHECK(*e.text ==
        "# Code generated by strata. DO NOT EDIT.\n"
        "A='before'\n"
        "# S: from Secret db' X='injected, key k=\"v\" # (mount it; secrets are never written here)\n"
        "Z='after'\n");
  check_consumers(*e.text, {{"A", "before"}, {"Z", "after"}}, {"S", "X"});
}

TEST_CASE("dotenv consumers: random values over the tricky characters read back exactly") {
  // Every class a value may hold: quoting and expansion characters of bash,
  // comment and escape characters of .env parsers, line breaks, controls,
  // non-ASCII, and text that looks like another variable.
  const std::vector<std::string> alphabet = {
      " ",  "\t", "\n", "#",  "$",  "{",  "}",  "`",      "=",      "\\",      "\"",        "export ",   "A=",
      "\nB=", "a", "Z", "é", "日", "😀", "\x0b", "\x0c", "\x01", "\x1b", "\x7f", "\u2028", "\ufeff", "\u0085",
      "\u00a0", "$(", ")", "\\n", "\\r", ";", "&", "|", "*", "?", "[", "!", "~", "\n#", "\n ", "${X}"};
  std::uint64_t seed = 0x5eed;
  auto next = [&seed](std::uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((seed >> 33) % n);
  };
  for (int round = 0; round < 4; ++round) {
    std::vector<strata::eval::MapEntry> map;
    Vars expected;
    for (int i = 0; i < 50; ++i) {
      std::string v;
      for (std::size_t n = next(16); n > 0; --n) v += alphabet[next(alphabet.size())];
      while (!v.empty() && v.back() == '\\') v.pop_back();  // refused (E0523)
      char key[16];
      std::snprintf(key, sizeof key, "K%02d", i);
      map.emplace_back(test_values().text(key), text_value(v));
      expected[key] = v;
    }
    strata::base::Interner names;
    strata::base::DiagSink sink;
    auto text = strata::emit::dotenv_text(map_value(map), names, sink);
    REQUIRE(text);
    check_consumers(*text, expected);
  }
}

TEST_CASE("dotenv: E0520 names bash cannot assign") {
  CHECK(refused(R"strata({
    "my-var" = "x"
    "1ABC" = "y"
    "" = "z"
    "na\u{EF}ve" = "w"
  })strata") ==
        "main.strata:10:10: error[E0520]: `` is not a valid .env variable name\n"
        "  10 |     \"\" = \"z\"\n"
        "     |          ^^^\n"
        "  = note: a name is ASCII letters, digits and `_`, not starting with a digit: bash assigns no other (it "
        "runs such a line as a command)\n"
        "main.strata:9:14: error[E0520]: `1ABC` is not a valid .env variable name\n"
        "  9 |     \"1ABC\" = \"y\"\n"
        "    |              ^^^\n"
        "  = note: a name is ASCII letters, digits and `_`, not starting with a digit: bash assigns no other (it "
        "runs such a line as a command)\n"
        "main.strata:8:16: error[E0520]: `my-var` is not a valid .env variable name\n"
        "  8 |     \"my-var\" = \"x\"\n"
        "    |                ^^^\n"
        "  = note: a name is ASCII letters, digits and `_`, not starting with a digit: bash assigns no other (it "
        "runs such a line as a command)\n"
        "main.strata:11:20: error[E0520]: `naïve` is not a valid .env variable name\n"
        "  11 |     \"na\\u{EF}ve\" = \"w\"\n"
        "     |                    ^^^\n"
        "  = note: a name is ASCII letters, digits and `_`, not starting with a digit: bash assigns no other (it "
        "runs such a line as a command)\n");
}

TEST_CASE("dotenv: E0521 every name bash or the dotenv package treats specially") {
  const char* names[] = {"BASHOPTS",     "BASH_VERSINFO", "EUID",           "PPID",          "SHELLOPTS",
                         "UID",          "BASHPID",       "BASH_ALIASES",   "BASH_ARGC",     "BASH_ARGV",
                         "BASH_ARGV0",   "BASH_CMDS",     "BASH_COMMAND",   "BASH_LINENO",   "BASH_SOURCE",
                         "BASH_SUBSHELL", "COMP_WORDBREAKS", "DIRSTACK",    "EPOCHREALTIME", "EPOCHSECONDS",
                         "FUNCNAME",     "GROUPS",        "HISTCMD",        "LINENO",        "PIPESTATUS",
                         "RANDOM",       "SECONDS",       "SRANDOM",        "_",             "BASH_COMPAT",
                         "BASH_XTRACEFD", "OPTIND",       "SHLVL",          "PROMPT_COMMAND", "PS0",
                         "PS1",          "PS2",           "PS4",            "__proto__"};
  std::string body = "{\n";
  for (const char* n : names) body += std::string("    \"") + n + "\" = \"1\"\n";
  body += "    UIDX = \"1\"\n    uid = \"1\"\n    PS3 = \"1\"\n  }";
  std::vector<std::string> codes = refused_codes(body);
  CHECK(codes == std::vector<std::string>(std::size(names), "E0521"));

  CHECK(refused("{\n    UID = \"1000\"\n    RANDOM = \"4\"\n    BASH_COMPAT = \"50\"\n    PS4 = \"+ \"\n"
                "    __proto__ = \"x\"\n  }") ==
        "main.strata:10:19: error[E0521]: `BASH_COMPAT` cannot be set by a .env file\n"
        "  10 |     BASH_COMPAT = \"50\"\n"
        "     |                   ^^^^\n"
        "  = note: bash takes its value as a setting of its own: it checks it (reporting an error, or turning it "
        "into a number) and changes how the shell runs\n"
        "main.strata:11:11: error[E0521]: `PS4` cannot be set by a .env file\n"
        "  11 |     PS4 = \"+ \"\n"
        "     |           ^^^^\n"
        "  = note: bash runs or expands its value as shell code in the shell that loads the file (prompts, `set "
        "-x` traces): a `$(...)` in it would run\n"
        "main.strata:9:14: error[E0521]: `RANDOM` cannot be set by a .env file\n"
        "  9 |     RANDOM = \"4\"\n"
        "    |              ^^^\n"
        "  = note: bash manages it itself: after `. FILE` the shell does not hold the value written, or does not "
        "pass it on to the programs it starts\n"
        "main.strata:8:11: error[E0521]: `UID` cannot be set by a .env file\n"
        "  8 |     UID = \"1000\"\n"
        "    |           ^^^^^^\n"
        "  = note: bash makes it read-only: `. FILE` reports an error and keeps bash's own value (and stops the "
        "shell under `set -e` or in POSIX mode)\n"
        "main.strata:12:17: error[E0521]: `__proto__` cannot be set by a .env file\n"
        "  12 |     __proto__ = \"x\"\n"
        "     |                 ^^^\n"
        "  = note: the dotenv package drops it: it names the prototype of a JavaScript object\n");
}

TEST_CASE("dotenv: E0522 a single quote, a carriage return, at the source of the value") {
  CHECK(refused(R"strata({
    GREETING = "it's"
    WINDOWS = "a\r\nb"
    BOTH = "${quote}\r"
  })strata",
                "let quote = \"'\"") ==
        "main.strata:10:12: error[E0522]: the value of `BOTH` contains a single quote (`'`) and a carriage return "
        "(`\\r`)\n"
        "  10 |     BOTH = \"${quote}\\r\"\n"
        "     |            ^^^^^^^^^^^^\n"
        "  = note: a value is written between single quotes, the one form that node --env-file, the dotenv "
        "package and bash read alike, and none of them reads a `'` inside it (node ends the value there, bash "
        "looks for another `'`)\n"
        "  = note: node drops a carriage return, the dotenv package reads it as a line feed, bash keeps it\n"
        "main.strata:8:16: error[E0522]: the value of `GREETING` contains a single quote (`'`)\n"
        "  8 |     GREETING = \"it's\"\n"
        "    |                ^^^^^^\n"
        "  = note: a value is written between single quotes, the one form that node --env-file, the dotenv "
        "package and bash read alike, and none of them reads a `'` inside it (node ends the value there, bash "
        "looks for another `'`)\n"
        "main.strata:9:15: error[E0522]: the value of `WINDOWS` contains a carriage return (`\\r`)\n"
        "  9 |     WINDOWS = \"a\\r\\nb\"\n"
        "    |               ^^^^^^^^\n"
        "  = note: node drops a carriage return, the dotenv package reads it as a line feed, bash keeps it\n");
}

TEST_CASE("dotenv: E0522 a NUL byte (no Strata string holds one; a value made by hand can)") {
  std::vector<strata::eval::MapEntry> map{{"NUL", text_value(std::string_view("a\0b", 3))}};
  strata::base::Interner names;
  strata::base::DiagSink sink;
  CHECK(!strata::emit::dotenv_text(map_value(map), names, sink));
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].message == "the value of `NUL` contains a NUL byte");
}

TEST_CASE("dotenv: E0523 a value that ends with a backslash") {
  CHECK(refused(R"strata({
    DIR = "C:\\"
    MIDDLE = "a\\b"
  })strata") ==
        "main.strata:8:11: error[E0523]: the value of `DIR` ends with a backslash\n"
        "  8 |     DIR = \"C:\\\\\"\n"
        "    |           ^^^^^^\n"
        "  = note: the dotenv package reads `\\'` as an escaped quote, so the value can run on into the next "
        "variable; node and bash read it as written\n");
}

TEST_CASE("dotenv: E0524 lists, maps and records are not variables") {
  CHECK(refused(R"strata({
    LIST = ["a", "b"]
    MAP = { a = "1" }
    REC = Point { x = 1 }
  })strata",
                "schema Point {\n  x: int\n}") ==
        "main.strata:10:12: error[E0524]: the value of `LIST` is a list: a .env variable takes a string, a number, "
        "a bool, a unit value, a range, an enum case or a secret\n"
        "  10 |     LIST = [\"a\", \"b\"]\n"
        "     |            ^^^^^^^^^^\n"
        "  = note: to pass a list, join it into one string: `join(xs, \",\")`\n"
        "main.strata:11:11: error[E0524]: the value of `MAP` is a map: a .env variable takes a string, a number, a "
        "bool, a unit value, a range, an enum case or a secret\n"
        "  11 |     MAP = { a = \"1\" }\n"
        "     |           ^^^^^^^^^^^\n"
        "main.strata:12:11: error[E0524]: the value of `REC` is a `Point`: a .env variable takes a string, a "
        "number, a bool, a unit value, a range, an enum case or a secret\n"
        "  12 |     REC = Point { x = 1 }\n"
        "     |           ^^^^^^^^^^^^^^^\n");
}

TEST_CASE("dotenv: E0524 a value that is not a map at all") {
  strata::base::Interner names;
  strata::base::DiagSink sink;
  CHECK(!strata::emit::dotenv_text(text_value("x"), names, sink));
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].message == "a .env file is made from a map of variables, not a string");
  // An error value was reported where it was made: nothing more.
  strata::base::DiagSink quiet;
  CHECK(!strata::emit::dotenv_text(Value{strata::eval::ErrorV{}, {}}, names, quiet));
  CHECK(quiet.diagnostics().empty());
}

TEST_CASE("dotenv: E0525 a secret whose name or key would break the comment line") {
  CHECK(refused(R"strata({
    TOKEN = secret("api\nX='1'", "token")
  })strata") ==
        "main.strata:8:13: error[E0525]: the secret of `TOKEN` (Secret `api\\nX='1'`, key `token`) has a control "
        "character in its name or key\n"
        "  8 |     TOKEN = secret(\"api\\nX='1'\", \"token\")\n"
        "    |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = note: a secret is never written to a .env file, only named in a comment line, which a line break "
        "would end\n");
}

TEST_CASE("dotenv: every problem of every variable is reported, not the first") {
  std::vector<std::string> codes = refused_codes(R"strata({
    "bad-name" = "it's\\"
    UID = ["x"]
    OK = "fine"
    S = secret("a\tb", "k")
  })strata");
  CHECK(codes == std::vector<std::string>{"E0525", "E0521", "E0524", "E0520", "E0522", "E0523"});
}

// The input projects of tests/golden/build/dotenv_*: the passing one emits a
// file its consumers read back; each other one reports its code, and only it.
namespace {

std::unique_ptr<strata::test::Evaluated> evaluate_project(const std::string& name) {
  std::string source = strata::test::read_all(fs::path(STRATA_SOURCE_DIR) / "tests/golden/build" / name / "main.strata");
  REQUIRE_MESSAGE(!source.empty(), name);
  auto ev = strata::test::evaluate_text(source);
  REQUIRE_MESSAGE(!ev->sink.has_errors(), ev->text());
  REQUIRE(ev->evaluation->outputs().size() == 1);
  return ev;
}

std::optional<std::string> emit_project(strata::test::Evaluated& ev) {
  const strata::eval::OutputSpec* spec = ev.evaluation->outputs()[0].value.output();
  REQUIRE(spec);
  return strata::emit::dotenv_text(spec->vars, ev.names, ev.sink);
}

}  // namespace

TEST_CASE("dotenv golden projects: dotenv_ok is written and read back") {
  auto ev = evaluate_project("dotenv_ok");
  std::optional<std::string> text = emit_project(*ev);
  REQUIRE_MESSAGE(text, ev->text());
  CHECK(text->find("# DB_PASSWORD: from Secret db, key password (mount it; secrets are never written here)\n") !=
        std::string::npos);
  CHECK(text->find("SENTRY_DSN") == std::string::npos);
  Vars expected = kExpectedVars;
  for (const char* k : {"A1", "BOOL", "FLOAT", "INT", "NEGATIVE", "PERCENT", "RANGE", "LEVEL", "WHOLE_FLOAT",
                        "CPU", "MEMORY", "DURATION"})
    expected.erase(k);
  expected.insert({{"PORT", "8080"}, {"LOG_LEVEL", "info"}, {"CPU", "250m"}, {"MEMORY", "1536Mi"},
                   {"TIMEOUT", "1m30s"}, {"SHARE", "12.5%"}, {"REPLICAS", "3..10"}, {"RATIO", "0.75"},
                   {"DEBUG", "false"}, {"PATH", "/opt/app/bin:/usr/bin"}, {"IFS", ":"}});
  check_consumers(*text, expected, {"DB_PASSWORD", "SENTRY_DSN", "OTHER", "B", "X"});
}

TEST_CASE("dotenv golden projects: each reports its own code") {
  const std::pair<const char*, const char*> cases[] = {
      {"dotenv_E0520_invalid_name", "E0520"},  {"dotenv_E0521_reserved_name", "E0521"},
      {"dotenv_E0522_unwritable_value", "E0522"}, {"dotenv_E0523_trailing_backslash", "E0523"},
      {"dotenv_E0524_not_scalar", "E0524"},    {"dotenv_E0525_secret_name", "E0525"},
  };
  for (const auto& [name, code] : cases) {
    CAPTURE(name);
    auto ev = evaluate_project(name);
    CHECK(!emit_project(*ev));
    std::vector<std::string> codes = ev->codes();
    REQUIRE(!codes.empty());
    CHECK(std::count(codes.begin(), codes.end(), code) == static_cast<long>(codes.size()));
  }
}
