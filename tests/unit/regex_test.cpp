// The regex engine: syntax, UTF-8, rejected constructs, and linear time on
// patterns that are exponential for a backtracking engine.
#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>

#include "base/regex.hpp"

using strata::base::Regex;
using strata::base::RegexError;

namespace {

Regex compiled(std::string_view pattern) {
  INFO("pattern: ", pattern);
  auto r = Regex::compile(pattern);
  if (auto* e = std::get_if<RegexError>(&r)) FAIL("unexpected error: ", e->message, " at ", e->offset);
  return std::get<Regex>(r);
}

bool matches(std::string_view pattern, std::string_view text) { return compiled(pattern).search(text); }

RegexError error_of(std::string_view pattern) {
  INFO("pattern: ", pattern);
  auto r = Regex::compile(pattern);
  REQUIRE(std::holds_alternative<RegexError>(r));
  return std::get<RegexError>(r);
}

bool rejected(std::string_view pattern) { return std::holds_alternative<RegexError>(Regex::compile(pattern)); }

}  // namespace

TEST_CASE("literals match anywhere unless anchored") {
  CHECK(matches("abc", "abc"));
  CHECK(matches("abc", "xxabcxx"));
  CHECK_FALSE(matches("abc", "ab"));
  CHECK_FALSE(matches("abc", "abxc"));
  CHECK(matches("", ""));
  CHECK(matches("", "anything"));
  CHECK(compiled("a+b").pattern() == "a+b");
}

TEST_CASE("anchors ^ and $ are whole-text") {
  CHECK(matches("^abc", "abcdef"));
  CHECK_FALSE(matches("^abc", "xabc"));
  CHECK(matches("abc$", "xxabc"));
  CHECK_FALSE(matches("abc$", "abcx"));
  CHECK_FALSE(matches("abc$", "abc\n"));  // no multiline, no "before final newline"
  CHECK_FALSE(matches("^b", "a\nb"));
  CHECK(matches("^$", ""));
  CHECK_FALSE(matches("^$", "x"));
  CHECK(matches("^abc$", "abc"));
  CHECK_FALSE(matches("a^b", "a^b"));
  CHECK(matches("^a|b$", "xxb"));
  CHECK(matches("^a|^b", "b"));
  CHECK_FALSE(matches("^a|^b", "cb"));
  CHECK(matches("(^a)+", "aaa"));
  CHECK(matches("(?:^)*x", "yx"));  // a quantified group may hold an assertion
}

TEST_CASE("dot matches one code point except newline") {
  CHECK(matches("a.c", "abc"));
  CHECK(matches("a.c", "a c"));
  CHECK_FALSE(matches("a.c", "a\nc"));
  CHECK_FALSE(matches("a.c", "ac"));
  CHECK(matches("^.$", "\r"));
}

TEST_CASE("UTF-8: dot and classes match whole code points") {
  CHECK(matches("^.$", "é"));
  CHECK_FALSE(matches("^..$", "é"));
  CHECK(matches("^.$", "€"));
  CHECK(matches("^.$", "😀"));
  CHECK(matches("^...$", "aé😀"));
  CHECK(matches("^é+$", "ééé"));
  CHECK(matches("^[éè]$", "è"));
  CHECK(matches("^[à-ÿ]+$", "éèç"));
  CHECK_FALSE(matches("^[à-ÿ]$", "a"));
  CHECK(matches("^[^a]$", "é"));
  CHECK(matches("^[^é]$", "e"));
  CHECK_FALSE(matches("^[^é]$", "é"));
  CHECK(matches("^\\W$", "é"));  // \w is ASCII only
  CHECK(matches("^😀{2}$", "😀😀"));
  CHECK(matches("^(?:😀|é)+$", "é😀é"));
}

TEST_CASE("invalid UTF-8 is one unit per bad byte, matching only itself and dot") {
  CHECK(matches("^.$", "\xFF"));
  CHECK(matches("^..$", "\xC3"
                         "a"));  // truncated sequence: the lead byte alone, then 'a'
  CHECK(matches("^...$", "\xE2\x82"
                         "a"));
  CHECK(matches("^\xFF$", "\xFF"));
  CHECK_FALSE(matches("^\xFF$", "\xFE"));
  CHECK_FALSE(matches("^\xFF$", "\xC3\xBF"));  // U+00FF is not the byte FF
  CHECK(matches("^[\xFF]$", "\xFF"));
  CHECK_FALSE(matches("^[^a]$", "\xFF"));
  CHECK_FALSE(matches("^\\D$", "\xFF"));
  CHECK(matches("^a.b$", "a\xC0\xAF"
                         "b") == false);  // overlong: two bad bytes
  CHECK(matches("^a..b$", "a\xC0\xAF"
                          "b"));
  CHECK(matches("^.$", "\xED\xA0\x80") == false);  // a UTF-8 surrogate is three bad bytes
  CHECK(matches("x", "\xFF\xFEx\x80"));
  CHECK(rejected("[\xFF-\xFF]"));
  CHECK(matches("^\xC3$", "\xC3"));  // a bad byte in the pattern too
}

TEST_CASE("character classes, ranges and negation") {
  CHECK(matches("^[abc]+$", "abccba"));
  CHECK_FALSE(matches("^[abc]+$", "abd"));
  CHECK(matches("^[a-z0-9]+$", "abc123"));
  CHECK_FALSE(matches("^[a-z0-9]+$", "abC123"));
  CHECK(matches("^[^0-9]+$", "abc"));
  CHECK_FALSE(matches("^[^0-9]+$", "ab1"));
  CHECK(matches("^[^a]$", "\n"));  // a negated class includes newline
  CHECK(matches("^[-a]+$", "-a-"));
  CHECK(matches("^[a-]+$", "-a-"));
  CHECK(matches("^[a\\-z]+$", "-az"));
  CHECK_FALSE(matches("^[a\\-z]$", "b"));
  CHECK(matches("^[a-c-e]+$", "ab-e"));
  CHECK_FALSE(matches("^[a-c-e]$", "d"));
  CHECK(matches("^[.]$", "."));
  CHECK_FALSE(matches("^[.]$", "a"));
  CHECK(matches("^[*+?(){}|$^]+$", "*+?(){}|$"));
  CHECK(matches("^[a^]+$", "^a"));
  CHECK(matches("^[\\]\\[]+$", "[]"));
  CHECK(matches("^[\\d_]+$", "1_2"));
  CHECK(matches("^[\\D]+$", "ab"));
  CHECK_FALSE(matches("^[^\\d]$", "5"));
  CHECK(matches("^[^\\W]$", "a"));
  CHECK_FALSE(matches("^[^\\W]$", "-"));
  CHECK(matches("^[\\s\\S]+$", "a\nb"));
  CHECK(matches("^[\\n\\t]+$", "\n\t"));
  CHECK(matches("^[\\b]$", "\b"));  // backspace inside a class, as in ECMAScript
  CHECK(matches("^[\\u0041-\\u{5A}]+$", "AZ"));
  CHECK(matches("^[a-a]$", "a"));
  CHECK(matches("^[A-Za-z_][A-Za-z0-9_]*$", "snake_case_1"));
}

TEST_CASE("class escapes") {
  CHECK(matches("^\\d+$", "0123456789"));
  CHECK_FALSE(matches("\\d", "abc"));
  CHECK(matches("^\\D+$", "abc"));
  CHECK(matches("^\\w+$", "aZ_9"));
  CHECK_FALSE(matches("\\w", "-!."));
  CHECK(matches("^\\W+$", "-!."));
  CHECK(matches("^\\s+$", " \t\n\r\f\v"));
  CHECK(matches("^\\s$", "\xC2\xA0"));      // U+00A0
  CHECK(matches("^\\s$", "\xE3\x80\x80"));  // U+3000
  CHECK(matches("^\\S+$", "abc"));
  CHECK_FALSE(matches("\\S", " \t"));
}

TEST_CASE("escapes of punctuation and control characters") {
  CHECK(matches("^\\.$", "."));
  CHECK_FALSE(matches("^\\.$", "a"));
  CHECK(matches("^\\\\$", "\\"));
  CHECK(matches("^\\/api\\/v[0-9]+$", "/api/v2"));
  CHECK(matches("^\\-\\[\\]\\(\\)\\{\\}\\*\\+\\?\\|\\^\\$$", "-[](){}*+?|^$"));
  CHECK(matches("^\\:\\#\\@$", ":#@"));  // any ASCII punctuation may be escaped
  CHECK(matches("^a\\nb$", "a\nb"));
  CHECK(matches("^\\t\\r\\f\\v$", "\t\r\f\v"));
  CHECK(matches(std::string_view("^\\0$"), std::string_view("\0", 1)));
  CHECK(matches("^\\x41\\x7e$", "A~"));
  CHECK(matches("^\\u00e9$", "é"));
  CHECK(matches("^\\u{e9}$", "é"));
  CHECK(matches("^\\u{1F600}$", "😀"));
  CHECK(matches("^\\u{0001F600}$", "😀"));
  CHECK(matches("^\\uD83D\\uDE00$", "😀"));  // surrogate pair
  CHECK(matches("^\\u20AC$", "€"));
}

TEST_CASE("word boundaries") {
  CHECK(matches("\\bfoo\\b", "a foo b"));
  CHECK(matches("\\bfoo\\b", "foo"));
  CHECK_FALSE(matches("\\bfoo\\b", "afoo"));
  CHECK_FALSE(matches("\\bfoo\\b", "foo_"));
  CHECK(matches("\\Boo\\b", "foo"));
  CHECK_FALSE(matches("\\Bfoo", "foo"));
  CHECK_FALSE(matches("\\b", ""));
  CHECK(matches("\\B", ""));
  CHECK_FALSE(matches("\\bé", "é"));  // é is not a word character (\w is ASCII)
  CHECK(matches("\\Bé", "é"));
}

TEST_CASE("groups and alternation") {
  CHECK(matches("^(ab)+$", "ababab"));
  CHECK_FALSE(matches("^(ab)+$", "ababa"));
  CHECK(matches("^(?:ab|cd)+$", "abcdab"));
  CHECK(matches("^(a|b|c)$", "b"));
  CHECK_FALSE(matches("^(a|b|c)$", "d"));
  CHECK(matches("^(a|)$", ""));
  CHECK(matches("^(|a)$", "a"));
  CHECK(matches("^()$", ""));
  CHECK(matches("^(?:)$", ""));
  CHECK(matches("^()*a$", "a"));
  CHECK(matches("^((a)(b(c)))$", "abc"));
  CHECK(matches("cat|dog", "hotdog"));
  CHECK_FALSE(matches("^cat|dog$", "a catapult dogs"));
  CHECK(matches("^(?:cat|dog)s?$", "dogs"));
  CHECK(matches("a|", "zzz"));  // an empty branch matches anywhere
}

TEST_CASE("quantifiers") {
  CHECK(matches("^a*$", ""));
  CHECK(matches("^a*$", "aaaa"));
  CHECK_FALSE(matches("^a+$", ""));
  CHECK(matches("^a+$", "aaaa"));
  CHECK(matches("^ab?c$", "ac"));
  CHECK(matches("^ab?c$", "abc"));
  CHECK_FALSE(matches("^ab?c$", "abbc"));
  CHECK(matches("^colou?r$", "color"));
  CHECK(matches("^(a*)*$", "aaa"));
  CHECK(matches("^(a?)+b$", "b"));
  CHECK(matches("^(a|b)*c$", "abbac"));
  // lazy forms match the same strings
  CHECK(matches("^a*?$", "aaa"));
  CHECK(matches("^a+?b$", "aab"));
  CHECK(matches("^a??b$", "ab"));
  CHECK(matches("^a{2,3}?$", "aaa"));
  CHECK(matches("^a{2,}?$", "aaaa"));
  CHECK(matches("^a{2}?$", "aa"));
  CHECK(matches("a*?", ""));
}

TEST_CASE("counted repetition bounds") {
  CHECK(matches("^a{3}$", "aaa"));
  CHECK_FALSE(matches("^a{3}$", "aa"));
  CHECK_FALSE(matches("^a{3}$", "aaaa"));
  CHECK(matches("^a{0}$", ""));
  CHECK(matches("^a{0}b$", "b"));
  CHECK(matches("^a{1}$", "a"));
  CHECK_FALSE(matches("^a{2,}$", "a"));
  CHECK(matches("^a{2,}$", "aa"));
  CHECK(matches("^a{2,}$", std::string(500, 'a')));
  CHECK_FALSE(matches("^a{2,4}$", "a"));
  CHECK(matches("^a{2,4}$", "aa"));
  CHECK(matches("^a{2,4}$", "aaaa"));
  CHECK_FALSE(matches("^a{2,4}$", "aaaaa"));
  CHECK(matches("^a{0,2}$", ""));
  CHECK(matches("^a{3,3}$", "aaa"));
  CHECK(matches("^(ab){2}$", "abab"));
  CHECK(matches("^(?:a|bc){1,2}$", "bca"));
  CHECK_FALSE(matches("^(?:a|bc){1,2}$", "bcabc"));
  CHECK(matches("^a{1000}$", std::string(1000, 'a')));
  CHECK_FALSE(matches("^a{1000}$", std::string(999, 'a')));
  CHECK_FALSE(matches("^a{1000}$", std::string(1001, 'a')));
  CHECK(matches("^(?:a{10}){10}$", std::string(100, 'a')));
  const Regex big = compiled("^(?:x{0,500}){1,49}$");  // 49,051 instructions, near the limit
  CHECK(big.search("xxxxxxxxxx"));
  CHECK_FALSE(big.search("xxxxxxxxxy"));
  CHECK(matches("^[0-9]{1,3}(?:\\.[0-9]{1,3}){3}$", "192.168.0.1"));
  CHECK_FALSE(matches("^[0-9]{1,3}(?:\\.[0-9]{1,3}){3}$", "192.168.0.1234"));
}

TEST_CASE("realistic patterns") {
  const Regex host = compiled("^[a-z0-9.-]+$");
  CHECK(host.search("api.example-1.com"));
  CHECK_FALSE(host.search("API.example.com"));
  CHECK_FALSE(host.search("a b"));
  CHECK_FALSE(host.search(""));
  CHECK_FALSE(host.search("example.com\n"));

  const Regex email = compiled("^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");
  CHECK(email.search("jane.doe+tag@mail.example.org"));
  CHECK(email.search("x@y.io"));
  CHECK_FALSE(email.search("jane@localhost"));
  CHECK_FALSE(email.search("@example.com"));
  CHECK_FALSE(email.search("jane@example.c"));
  CHECK_FALSE(email.search("jane doe@example.com"));

  const Regex semver = compiled("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?$");
  CHECK(semver.search("1.20.3"));
  CHECK(semver.search("0.1.0-rc.1"));
  CHECK_FALSE(semver.search("01.2.3"));

  CHECK(matches("\\d+", "port 8080"));
  CHECK(matches("^\\/api\\/v[0-9]+$", "/api/v12"));
}

TEST_CASE("pathological patterns run in linear time") {
  const std::string as(100000, 'a');
  CHECK_FALSE(compiled("(a*)*b").search(as));
  CHECK_FALSE(compiled("(a|a)*b").search(as));
  CHECK_FALSE(compiled("^(a+)+$").search(as + "!"));
  CHECK(compiled("(a+)+$").search(as));  // matches: the pattern is not anchored at the start
  CHECK_FALSE(compiled("(a+)+$").search(as + "b"));
  CHECK_FALSE(compiled("^(a|aa)*$").search(as + "b"));
  CHECK_FALSE(compiled("(?:a?){50}a{50}b").search(as));
  CHECK_FALSE(compiled("(x+x+)+y").search(std::string(100000, 'x')));
  CHECK_FALSE(compiled("^(\\w+\\s?)*$").search(std::string(100000, 'w') + "!"));
}

TEST_CASE("a 16 MiB text") {
  std::string big(16u << 20, 'a');
  CHECK(compiled("^a+$").search(big));
  CHECK(compiled("^[a-z0-9.-]+$").search(big));
  CHECK_FALSE(compiled("b").search(big));
  CHECK_FALSE(compiled("^b").search(big));  // anchored: stops at the first byte
  big.back() = 'b';
  CHECK(compiled("ab$").search(big));
  CHECK_FALSE(compiled("^a+$").search(big));
}

TEST_CASE("rejected constructs") {
  struct Case {
    const char* pattern;
    const char* message;  // part of the message
  };
  const Case cases[] = {
      {"(a)\\1", "backreferences"},
      {"\\k<x>", "backreferences"},
      {"a(?=b)", "lookahead"},
      {"a(?!b)", "lookahead"},
      {"(?<=a)b", "lookbehind"},
      {"(?<!a)b", "lookbehind"},
      {"(?<n>a)", "named groups"},
      {"(?i)a", "unsupported group"},
      {"(a", "missing ')'"},
      {"a)", "unmatched ')'"},
      {"[a", "missing ']'"},
      {"[a-", "missing ']'"},
      {"a]", "unmatched ']'"},
      {"[]", "empty class"},
      {"[^]", "empty class"},
      {"[[:alpha:]]", "\\["},
      {"*a", "nothing to repeat"},
      {"+", "nothing to repeat"},
      {"?", "nothing to repeat"},
      {"{2}", "nothing to repeat"},
      {"a|*", "nothing to repeat"},
      {"(*)", "nothing to repeat"},
      {"^*", "nothing to repeat"},
      {"$+", "nothing to repeat"},
      {"\\b*", "nothing to repeat"},
      {"a**", "another quantifier"},
      {"a{2}{3}", "another quantifier"},
      {"a*??", "another quantifier"},
      {"a{3,2}", "n larger than m"},
      {"a{1001}", "larger than 1000"},
      {"a{0,1001}", "larger than 1000"},
      {"a{99999999999999999999}", "larger than 1000"},
      {"a{", "'{'"},
      {"a{,3}", "'{'"},
      {"a{1,2", "'{'"},
      {"a{x}", "'{'"},
      {"{", "'{'"},
      {"}", "unmatched '}'"},
      {"(a{1000}){1000}", "50000 instructions"},
      {"[b-a]", "out of order"},
      {"[\\d-z]", "cannot be the end of a range"},
      {"[a-\\w]", "cannot be the end of a range"},
      {"[\\B]", "inside a class"},
      {"\\q", "unknown escape \\q"},
      {"\\ ", "unknown escape"},
      {"\\p{L}", "property"},
      {"\\", "lone"},
      {"\\x4", "two hex digits"},
      {"\\u12", "four hex digits"},
      {"\\u{}", "hex digits"},
      {"\\u{12", "closing"},
      {"\\u{110000}", "above U+10FFFF"},
      {"\\uD800", "surrogate"},
      {"\\u{DC00}", "surrogate"},
      {"\\01", "octal"},
  };
  for (const Case& c : cases) {
    INFO("pattern: ", c.pattern);
    const RegexError e = error_of(c.pattern);
    CHECK(e.message.find(c.message) != std::string::npos);
    CHECK(e.offset <= std::string_view(c.pattern).size());
  }
}

TEST_CASE("error offsets point at the problem") {
  CHECK(error_of("ab(?=c)").offset == 2);
  CHECK(error_of("abc\\2").offset == 3);
  CHECK(error_of("x(y(z)").offset == 1);  // the '(' left open
  CHECK(error_of("xy)").offset == 2);
  CHECK(error_of("ab[cd").offset == 2);
  CHECK(error_of("ab|*").offset == 3);
  CHECK(error_of("a+*").offset == 2);
  CHECK(error_of("abc{5,2}").offset == 3);
  CHECK(error_of("abc{1001}").offset == 3);
  CHECK(error_of("[a-c][z-a]").offset == 6);
  CHECK(error_of("(a{1000}){1000}").offset == 9);  // the outer quantifier
}

TEST_CASE("limits: pattern length, nesting depth, program size") {
  CHECK_FALSE(rejected(std::string(4096, 'a')));
  const RegexError length = error_of(std::string(4097, 'a'));
  CHECK(length.message.find("4096") != std::string::npos);
  CHECK(length.offset == 4096);

  auto nested = [](int depth) { return std::string(depth, '(') + "a" + std::string(depth, ')'); };
  CHECK(matches(nested(100), "a"));
  const RegexError deep = error_of(nested(101));
  CHECK(deep.message.find("deeper than 100") != std::string::npos);
  CHECK(deep.offset == 100);
  CHECK(error_of(std::string(4000, '(')).message.find("deeper than 100") != std::string::npos);

  CHECK_FALSE(rejected("a{1000}"));
  CHECK_FALSE(rejected("(?:a{1000}){49}"));  // 49,000 instructions
  CHECK(rejected("(?:a{1000}){50}"));
  CHECK(rejected("(((a{1000}){1000}){1000}){1000}"));
  CHECK(rejected("(?:[a-z]{1000}){1000}"));
  // Many repetitions in sequence add up, too.
  std::string many;
  for (int i = 0; i < 60; ++i) many += "a{1000}";
  const RegexError sum = error_of(many);
  CHECK(sum.message.find("50000") != std::string::npos);
  CHECK(sum.offset == 49 * 7);  // the 50th one brings it over (49 * 1000 + 1000 + Match)
  // Empty groups repeat to nothing and cost nothing.
  CHECK(matches("((((){1000}){1000}){1000}){1000}x", "x"));
}

TEST_CASE("the cached DFA and the plain NFA agree") {
  // Programs with \b or \B run on the NFA; appending a branch that can never
  // match (\b\B) moves any pattern there without changing what it matches.
  const char* patterns[] = {
      "a", "^a", "a$", "^$", "$", "^", "^a*$", "(a|b)*c", "^(?:a|bc)+$", "a.c", "[^a]b",
      "(?:ab|a)(?:bc|c)", "a{2,3}b", "a|$", "^b|c$", "é.", "[é-ë]+$", "(a*)*$", "(?:a|$)b?$",
      "^(?:.{3})*$", "a\\n?$", "[\\s\\S]{2}$", "(?:^a|b)+c", "\\d{2,}", "^\\W*$",
  };
  const std::string_view alphabet[] = {"a", "b", "c", "é", "\n", " ", "1"};
  std::uint32_t seed = 12345;
  auto next = [&] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  for (const char* p : patterns) {
    const Regex dfa = compiled(p);
    const Regex nfa = compiled(std::string("(?:") + p + ")|\\b\\B");
    for (int k = 0; k < 300; ++k) {
      std::string text;
      const std::uint32_t len = k < 150 ? next() % 8 : next() % 400;
      for (std::uint32_t i = 0; i < len; ++i) text += alphabet[next() % std::size(alphabet)];
      INFO("pattern: ", p, " text: ", text);
      CHECK(dfa.search(text) == nfa.search(text));
    }
  }
}

TEST_CASE("many DFA states: the cache is rebuilt when full") {
  // 20,000 steps in two states, then 4,000 new states: more than the cache holds.
  const Regex re = compiled("b(?:a{1000}){4}c");
  const std::string text = std::string(20000, 'b') + std::string(4000, 'a');
  CHECK(re.search(text + "c"));
  CHECK_FALSE(re.search(text + "d"));
  CHECK_FALSE(re.search(text.substr(0, text.size() - 1) + "c"));
}

TEST_CASE("word boundaries on a long text") {
  std::string text(200000, 'w');
  CHECK_FALSE(compiled("\\bw\\b").search(text));
  CHECK(compiled("\\Bw\\B").search(text));
  text[100000] = ' ';
  CHECK(compiled("w\\b \\bw").search(text));
}

TEST_CASE("the DFA kept between searches gives the answers of a fresh one") {
  // One Regex searched many times keeps its DFA states; each answer must be
  // what a newly compiled Regex gives for the same text.
  const char* patterns[] = {"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "a(b|c)*d$", "^(x|xy)*z", "[0-9]+m$"};
  const char* texts[] = {"api", "-api", "api-", "a-b-c", "", "abcbcd", "abd", "ad", "xxyz", "xyxyx", "250m", "m",
                         "api-server-1", "ümlaut", "abcbcbcbcbd", "zz", "12m3", "web"};
  for (const char* p : patterns) {
    auto kept = std::get<strata::base::Regex>(strata::base::Regex::compile(p));
    for (int round = 0; round < 3; ++round)
      for (const char* t : texts) {
        auto fresh = std::get<strata::base::Regex>(strata::base::Regex::compile(p));
        CAPTURE(p);
        CAPTURE(t);
        CHECK(kept.search(t) == fresh.search(t));
      }
  }
}
