#pragma once
/// Regular expressions for `matches /re/` constraints.
///
/// The strings checked against a pattern are user data and may be megabytes
/// long, so matching must never backtrack or recurse over the text. A pattern
/// compiles to a Thompson NFA program that is run breadth-first (a Pike VM
/// without captures), with the sets of states it reaches cached as a lazily
/// built DFA: time is O(len(text) * program size), memory is O(program size)
/// plus a DFA cache capped at 2 MiB, whatever the pattern and the text.
///
/// Syntax, a subset of ECMAScript (with the `u` flag) and of RE2:
///
///   a, é               that character; pattern and text are UTF-8 and match code point by code point
///   .                  any code point except \n
///   [abc] [a-z0-9.-]   a class of characters, ranges and class escapes; [^...] is its complement.
///                      `-` is literal first or last; `[` and `]` inside are written \[ \];
///                      [] and [^] are rejected
///   \d \w \s           ASCII digit, ASCII word character [A-Za-z0-9_], ECMAScript white space;
///   \D \W \S           and their complements (in or out of a class)
///   \b \B              ASCII word boundary / not one (inside a class \b is U+0008, as in ECMAScript)
///   \n \t \r \f \v \0  control characters
///   \xHH \uXXXX \u{X..} a code point by number; \uD83D\uDE00 (a surrogate pair) is one code
///                      point, a lone surrogate is an error
///   \ + punctuation    that ASCII character: \. \\ \/ \- \[ \] \( \) \{ \} \* \+ \? \| \^ \$ ...
///   ( ) (?: )          a group (nothing is captured: the two are the same)
///   x|y                alternation
///   * + ? {n} {n,} {n,m}  repetition, counts at most 1000. The lazy forms *? +? ?? {n,m}? are
///                      accepted and mean the same, since only match / no match is reported
///   ^ $                start / end of the whole text (no multiline mode; `$` does not match
///                      before a final \n)
///
/// Rejected with a RegexError: backreferences (`\1`, `\k<n>`), lookaround
/// (`(?=` `(?!` `(?<=` `(?<!`), named groups, other `(?` forms, `\p{..}`,
/// unknown escapes such as `\q`, unbalanced `( ) [ ]`, a `{` or `}` that is
/// not part of a quantifier, a quantifier with nothing to repeat (also after
/// `^ $ \b \B` or another quantifier), `{n,m}` with n > m, counts above 1000,
/// ranges out of order or with a class escape as an end.
///
/// Limits, so that compiling is bounded too: patterns of at most 4096 bytes,
/// groups nested at most 100 deep, programs of at most 50,000 instructions
/// (counted repetitions are expanded, so `(a{1000}){1000}` is refused).
///
/// Bytes that are not valid UTF-8, in the pattern or in the text, never fail:
/// each one is a unit of its own that matches only the same byte and `.`.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace strata::base {

namespace regex_detail {
struct Program;
struct DfaCache;
}

/// Why a pattern was refused.
struct RegexError {
  std::string message;
  std::size_t offset = 0;  ///< byte in the pattern where the problem is
};

/// A compiled pattern. Cheap to copy: copies share the immutable program.
class Regex {
 public:
  inline static constexpr std::size_t kMaxPatternBytes = 4096;
  inline static constexpr std::size_t kMaxGroupDepth = 100;
  inline static constexpr std::size_t kMaxRepeatCount = 1000;
  inline static constexpr std::size_t kMaxProgramSize = 50000;

  /// Compiles a pattern; on error returns RegexError (never throws, never recurses without bound).
  static std::variant<Regex, RegexError> compile(std::string_view pattern);

  /// JavaScript `re.test(text)` semantics: true when the pattern matches anywhere in text
  /// (unanchored unless the pattern uses ^ / $). Time O(len(text) * program size), memory O(program size).
  bool search(std::string_view text) const;

  /// The source of the pattern, as given to compile.
  const std::string& pattern() const { return pattern_; }

 private:
  Regex() = default;

  std::string pattern_;
  std::shared_ptr<const regex_detail::Program> program_;
  // The lazily built DFA, kept from one search to the next: a constraint's
  // pattern is matched against thousands of values.
  std::shared_ptr<regex_detail::DfaCache> cache_;
};

}  // namespace strata::base
