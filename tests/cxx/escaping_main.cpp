// The header of tests/golden/build/cxx_escaping: strings that try to break
// out of their literal come back byte for byte.
#include <cstdio>
#include <map>
#include <string>

#include "config.hpp"

namespace cfg = app::escaping;

std::string_view quote_from_other_unit();

constexpr const cfg::Config& c = cfg::dev::config;
static_assert(c.quote == "say \x22hi\x22", "");
static_assert(c.backslash == "C:\x5Cpath\x5C", "");
static_assert(c.comment_end == "*/ /* // ", "");
static_assert(c.trigraphs.size() == 39 && c.trigraphs.substr(0, 4) == "?" "?= " && c.trigraphs.substr(36) == "?" "?" "?", "");
static_assert(c.newlines == "a\x0A" "b\x0D\x0A" "c\x09" "d", "");
static_assert(c.unicode == "\xC3\xA9 \xF0\x9F\x9A\x80 \xE2\x80\xAE!", "");
static_assert(c.control == "\x01\x7F\x1B[0m", "");
static_assert(c.digits_after_escape == "\x01" "23\xC2\x80" "7", "");
static_assert(c.multi == "line one\x0A  line \x22two\x22 \x5C", "");
static_assert(c.pattern == "a\x22" "b?/", "");
static_assert(c.kind == cfg::Kind::x3F3F3D, "");
static_assert(cfg::to_string(cfg::Kind::a_b) == "a\x22" "b" && cfg::to_string(cfg::Kind::c_d) == "c\x5C" "d", "");
static_assert(cfg::to_string(cfg::Kind::e_f) == "e*/f" && cfg::to_string(cfg::Kind::xC3A9) == "\xC3\xA9", "");
static_assert(cfg::from_string<cfg::Kind>("?" "?=") == cfg::Kind::x3F3F3D, "");
static_assert(c.dollar == "${not} $x", "");

int main() {
  std::map<std::string, std::string> vars{{"PATTERN", "ok\"/?"}, {"KIND", "e*/f"}};
  cfg::LoadResult good = cfg::load(cfg::Environment::dev, [&](const char* n) -> const char* {
    auto it = vars.find(n);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
  vars = {{"PATTERN", "Not OK"}};
  cfg::LoadResult bad = cfg::load(cfg::Environment::dev, [&](const char* n) -> const char* {
    auto it = vars.find(n);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
  bool ok = good.ok() && good.config.pattern == "ok\"/?" && good.config.kind == cfg::Kind::e_f &&
            bad.errors.size() == 1 && bad.errors[0].rule == "matches /^[a-z\"\\\\/?]+$/" &&
            quote_from_other_unit() == c.quote;
  std::printf(ok ? "escaping: all checks passed\n" : "escaping: check failed\n");
  return ok ? 0 : 1;
}
