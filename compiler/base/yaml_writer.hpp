#pragma once
/// A fast streaming writer of block-style YAML, and the one rule in Strata for
/// when a YAML string must be quoted.
///
/// Every string handed to these functions must be valid UTF-8 (Strata strings
/// always are). As a safety net, invalid bytes are written as U+FFFD inside a
/// double-quoted scalar, so the output is always well-formed YAML; YAML has no
/// escape for raw bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/interner.hpp"

namespace strata::base {

/// True when `s` written as a plain YAML scalar could be read back, by a YAML 1.1
/// or 1.2 parser, as anything but this exact string: empty; a bool, null, int,
/// float, timestamp, merge (`<<`) or value (`=`) word in any schema (words in
/// any letter case; anything that starts like a number and has only number and
/// timestamp characters); an indicator at the start; `: ` or ` #` inside, `:` at
/// the end; leading or trailing space or tab; `---` or `...` at the start; any
/// control character (C0, DEL, C1), U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF, or
/// invalid UTF-8. Errs on the side of quoting.
bool yaml_needs_quotes(std::string_view s);

/// Appends `s` as a YAML scalar on one line: plain when `yaml_needs_quotes(s)` is
/// false, otherwise double-quoted with YAML escapes (`\"` `\\` `\n` `\t` `\r` `\0`
/// `\a` `\b` `\e` `\f` `\v`, `\xNN` for other C0 and DEL, `\uNNNN` for C1,
/// U+2028, U+2029, U+FEFF, U+FFFE and U+FFFF). Other non-ASCII text stays raw.
void append_yaml_scalar(std::string& out, std::string_view s);

/// Streaming block-style YAML writer that appends to a string. Two-space
/// indentation; lists under a key are indented by two; a map or list inside a
/// list item starts on the `- ` line (`- name: x`, `- - a`); an empty map is
/// `{}` and an empty list `[]`. Writes one node (call it again after writing a
/// document separator for the next); no anchors, aliases, tags or comments.
///
/// Calls must nest properly: inside a map, `key()` before each value; inside a
/// list, values only. Misuse is caught by assertions in debug builds.
class YamlWriter {
 public:
  explicit YamlWriter(std::string& out);

  void begin_map();
  void end_map();
  void begin_list();
  void end_list();
  /// A map key; keys are always written on one line (plain or double-quoted).
  void key(std::string_view k);
  /// The key `k`, an interned name: whether it needs quotes is worked out once
  /// per name and writer (records repeat a handful of field names).
  void key(Symbol name, std::string_view k);
  /// A string value. A multi-line string is written as a literal block scalar
  /// (`|`, `|-` or `|+`, with an indentation indicator when its first line is
  /// empty or starts with a blank) when that reads back exactly: printable
  /// characters and tabs only, no line ending in a blank, and no indicator
  /// needed at the top level (where parsers disagree on what it means).
  /// Otherwise it is written as `append_yaml_scalar` does.
  void string(std::string_view s);
  void integer(std::int64_t v);
  /// The shortest text that reads back as the same double and that every YAML
  /// schema reads as a float (`3.0`, `1.0e+20`); `.inf`, `-.inf`, `.nan`.
  void floating(double v);
  void boolean(bool v);
  void null();

 private:
  enum class Open : unsigned char { kLineStart, kAfterKey, kAfterDash };
  struct Frame {
    int indent;     // column of this collection's keys or dashes
    bool is_map;
    Open open;      // what the line holds before the first child
    bool empty;     // no child written yet
    bool has_key;   // a map frame whose key awaits its value
  };
  // Where the value being started sits: its opener and the indentation of its
  // children (or of a block scalar's lines).
  struct Place {
    Open open;
    int child_indent;
  };

  Place begin_value();
  void write_key(std::string_view k, bool plain);  // plain: known to need no quotes
  void start_child(Frame& f);
  void scalar_text(std::string_view text);
  void block_scalar(std::string_view s, Place p, bool needs_indicator);
  void begin_collection(bool is_map);
  void end_collection(bool is_map);

  std::string& out_;
  std::vector<Frame> stack_;
  std::vector<std::uint8_t> plain_name_;  // by symbol id: 0 not seen yet, 1 plain, 2 quoted
};

}  // namespace strata::base
