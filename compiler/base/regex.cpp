#include "base/regex.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace strata::base {

namespace regex_detail {

// What the program reads is a sequence of units: a valid UTF-8 sequence is its
// code point; a byte that is not valid UTF-8 is the unit kBadByte + byte, above
// every code point, so that it can only equal itself.
using Unit = std::uint32_t;
constexpr Unit kMaxCodePoint = 0x10FFFF;
constexpr Unit kBadByte = 0x110000;

// An inclusive range of units.
struct UnitRange {
  Unit lo;
  Unit hi;
};

enum class Op : std::uint8_t {
  Unit,             // consume the unit x
  Any,              // consume any unit but '\n'
  Class,            // consume a unit in classes[x]
  Split,            // continue at x and at y
  Jump,             // continue at x
  Begin,            // assert: at the start of the text
  End,              // assert: at the end of the text
  WordBoundary,     // assert: \b
  NotWordBoundary,  // assert: \B
  Match,
};

struct Inst {
  Op op;
  std::uint32_t x = 0;
  std::uint32_t y = 0;
};

struct Program {
  std::vector<Inst> insts;                      // runs from 0; the last one is Match
  std::vector<std::vector<UnitRange>> classes;  // each sorted, disjoint, not adjacent
  bool anchored = false;                        // every match starts at offset 0
  bool has_word_boundary = false;               // uses \b or \B
};

}  // namespace regex_detail

namespace {

using namespace regex_detail;

constexpr std::uint32_t kUnbounded = UINT32_MAX;

struct Decoded {
  Unit unit;
  std::size_t len;
};

// Decodes the unit at s[i], i < s.size(). The validity rules are those of
// utf8_sequence_length (no overlong forms, surrogates or values above
// U+10FFFF); this also yields the code point, which utf8.hpp does not.
Decoded decode(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) -> Unit { return static_cast<unsigned char>(s[k]); };
  const Unit b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  const Decoded bad{kBadByte + b0, 1};
  std::size_t len;
  Unit cp;
  Unit lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return bad;
  }
  if (i + len > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return bad;
  for (std::size_t k = 1; k < len; ++k) {
    const Unit c = byte(i + k);
    if ((c & 0xC0) != 0x80) return bad;
    cp = (cp << 6) | (c & 0x3F);
  }
  return {cp, len};
}

bool is_word_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ---- character sets ----

using UnitSet = std::vector<UnitRange>;

const UnitSet kDigits = {{'0', '9'}};
const UnitSet kWord = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
const UnitSet kSpace = {{0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680},
                        {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
                        {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};

// Sorts and merges overlapping or adjacent ranges.
void normalize(UnitSet& set) {
  std::sort(set.begin(), set.end(), [](UnitRange a, UnitRange b) { return a.lo < b.lo; });
  UnitSet out;
  for (UnitRange r : set) {
    if (!out.empty() && r.lo <= out.back().hi + 1)
      out.back().hi = std::max(out.back().hi, r.hi);
    else
      out.push_back(r);
  }
  set = std::move(out);
}

// The code points not in a normalized set. Bad bytes are never in a complement:
// they match only themselves and `.`.
UnitSet complement(const UnitSet& set) {
  UnitSet out;
  Unit next = 0;
  for (UnitRange r : set) {
    if (r.lo > kMaxCodePoint) break;
    if (r.lo > next) out.push_back({next, r.lo - 1});
    next = r.hi + 1;
  }
  if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
  return out;
}

bool contains(const UnitSet& set, Unit u) {
  auto it = std::upper_bound(set.begin(), set.end(), u, [](Unit v, UnitRange r) { return v < r.lo; });
  return it != set.begin() && u <= std::prev(it)->hi;
}

// ---- syntax tree ----

using NodeId = std::uint32_t;

struct Node {
  enum class Kind : std::uint8_t {
    Empty, Unit, Any, Class, Begin, End, WordBoundary, NotWordBoundary, Concat, Alt, Repeat
  };
  Kind kind = Kind::Empty;
  std::uint32_t value = 0;            // Unit: the unit; Class: index into Program::classes
  std::uint32_t min = 0, max = 0;     // Repeat: the counts; max may be kUnbounded
  std::vector<NodeId> kids;           // Concat, Alt: the parts; Repeat: the repeated node
  std::uint64_t size = 0;             // instructions the node compiles to
};

// Instructions a node repeated {min,max} compiles to; see Compiler::repeat.
std::uint64_t repeat_size(std::uint64_t s, std::uint32_t min, std::uint32_t max) {
  if (max == kUnbounded) return min == 0 ? s + 2 : min * s + 1;
  return min * s + std::uint64_t{max - min} * (s + 1);
}

struct Bounds {
  std::uint32_t min, max;
};

constexpr const char* kLoneBrace =
    "'{' does not start a {n}, {n,} or {n,m} quantifier; write \\{ for a literal '{'";

// ---- parser ----

// Recursive descent; it recurses only into groups, at most kMaxGroupDepth deep.
// Empty parts are dropped as they are parsed, so every node but Empty compiles
// to at least one instruction and expanding repetitions costs time in
// proportion to the program it builds.
class Parser {
 public:
  Parser(std::string_view pattern, Program& program) : p_(pattern), program_(program) {}

  std::optional<NodeId> parse() {
    if (p_.size() > Regex::kMaxPatternBytes)
      return fail("pattern is longer than 4096 bytes", Regex::kMaxPatternBytes);
    auto root = alternation();
    if (root && i_ < p_.size()) return fail("unmatched ')'", i_);  // alternation stops only there
    return root;
  }

  const std::vector<Node>& nodes() const { return nodes_; }
  RegexError& error() { return error_; }

 private:
  struct Atom {
    NodeId id;
    bool quantifiable;
  };

  // What a backslash escape stands for.
  struct Escape {
    enum class Kind : std::uint8_t { Unit, Set, Assertion } kind;
    Unit unit = 0;
    UnitSet set;
    Node::Kind assertion = Node::Kind::Empty;
  };

  std::nullopt_t fail(std::string message, std::size_t offset) {
    error_ = {std::move(message), offset};
    return std::nullopt;
  }

  bool at(char c) const { return i_ < p_.size() && p_[i_] == c; }

  static bool too_big(std::uint64_t size) { return size + 1 > Regex::kMaxProgramSize; }  // + Match
  std::nullopt_t fail_too_big(std::size_t offset) {
    return fail("pattern compiles to more than 50000 instructions (counted repetitions are expanded)",
                offset);
  }

  NodeId add(Node n) {
    nodes_.push_back(std::move(n));
    return static_cast<NodeId>(nodes_.size() - 1);
  }
  NodeId leaf(Node::Kind kind, std::uint32_t value = 0) {
    Node n;
    n.kind = kind;
    n.value = value;
    n.size = kind == Node::Kind::Empty ? 0 : 1;
    return add(std::move(n));
  }
  NodeId list(Node::Kind kind, std::vector<NodeId> kids, std::uint64_t size) {
    if (kids.empty()) return leaf(Node::Kind::Empty);
    if (kids.size() == 1) return kids[0];
    Node n;
    n.kind = kind;
    n.kids = std::move(kids);
    n.size = size;
    return add(std::move(n));
  }

  // x|y|...  up to a ')' or the end
  std::optional<NodeId> alternation() {
    std::vector<NodeId> branches;
    std::uint64_t size = 0;
    for (;;) {
      const std::size_t start = i_;
      auto branch = sequence();
      if (!branch) return branch;
      branches.push_back(*branch);
      size += nodes_[*branch].size + (branches.size() > 1 ? 2 : 0);  // + Split and Jump
      if (too_big(size)) return fail_too_big(start);
      if (!at('|')) break;
      ++i_;
    }
    return list(Node::Kind::Alt, std::move(branches), size);
  }

  // Quantified atoms up to a '|', a ')' or the end.
  std::optional<NodeId> sequence() {
    std::vector<NodeId> items;
    std::uint64_t size = 0;
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      const std::size_t start = i_;
      auto atom = this->atom();
      if (!atom) return std::nullopt;
      NodeId id = atom->id;
      if (at_quantifier()) {
        const std::size_t q = i_;
        if (!atom->quantifiable) return fail("quantifier has nothing to repeat", q);
        auto bounds = quantifier();
        if (!bounds) return std::nullopt;
        if (at_quantifier()) return fail("a quantifier cannot follow another quantifier", i_);
        id = repeat(id, *bounds);
        if (too_big(nodes_[id].size)) return fail_too_big(q);
      }
      if (nodes_[id].kind == Node::Kind::Empty) continue;
      items.push_back(id);
      size += nodes_[id].size;
      if (too_big(size)) return fail_too_big(start);
    }
    return list(Node::Kind::Concat, std::move(items), size);
  }

  NodeId repeat(NodeId kid, Bounds b) {
    const Node& k = nodes_[kid];
    if (k.kind == Node::Kind::Empty || b.max == 0) return leaf(Node::Kind::Empty);
    if (b.min == 1 && b.max == 1) return kid;
    Node n;
    n.kind = Node::Kind::Repeat;
    n.min = b.min;
    n.max = b.max;
    n.size = repeat_size(k.size, b.min, b.max);
    n.kids = {kid};
    return add(std::move(n));
  }

  bool at_quantifier() const {
    return i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?' || p_[i_] == '{');
  }

  // Reads {n}, {n,} or {n,m} at p_[pos] == '{' without judging the counts;
  // returns the bounds and the offset after '}', or nothing when it is not one.
  std::optional<std::pair<Bounds, std::size_t>> braces(std::size_t pos) const {
    auto number = [&](std::size_t& j) -> std::optional<std::uint32_t> {
      if (j >= p_.size() || !is_digit(p_[j])) return std::nullopt;
      std::uint32_t v = 0;
      for (; j < p_.size() && is_digit(p_[j]); ++j)
        v = std::min<std::uint32_t>(v * 10 + static_cast<std::uint32_t>(p_[j] - '0'), 1000000);
      return v;
    };
    std::size_t j = pos + 1;
    auto min = number(j);
    if (!min) return std::nullopt;
    Bounds b{*min, *min};
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      auto max = number(j);
      b.max = max ? *max : kUnbounded;
    }
    if (j >= p_.size() || p_[j] != '}') return std::nullopt;
    return std::pair{b, j + 1};
  }

  // * + ? {n} {n,} {n,m}, then an optional '?' (lazy, which does not change
  // whether there is a match).
  std::optional<Bounds> quantifier() {
    const std::size_t q = i_;
    Bounds b{0, kUnbounded};
    switch (p_[i_]) {
      case '*': ++i_; break;
      case '+': b.min = 1, ++i_; break;
      case '?': b.max = 1, ++i_; break;
      default: {
        auto r = braces(i_);
        if (!r) return fail(kLoneBrace, q);
        b = r->first;
        i_ = r->second;
        if (b.min > Regex::kMaxRepeatCount || (b.max != kUnbounded && b.max > Regex::kMaxRepeatCount))
          return fail("repetition count is larger than 1000", q);
        if (b.max < b.min) return fail("repetition {n,m} has n larger than m", q);
      }
    }
    if (at('?')) ++i_;
    return b;
  }

  std::optional<Atom> atom() {
    const std::size_t start = i_;
    switch (p_[i_]) {
      case '(': return group();
      case '[': {
        auto id = char_class();
        if (!id) return std::nullopt;
        return Atom{*id, true};
      }
      case '.': ++i_; return Atom{leaf(Node::Kind::Any), true};
      case '^': ++i_; return Atom{leaf(Node::Kind::Begin), false};
      case '$': ++i_; return Atom{leaf(Node::Kind::End), false};
      case '\\': {
        auto e = escape(false);
        if (!e) return std::nullopt;
        switch (e->kind) {
          case Escape::Kind::Unit: return Atom{leaf(Node::Kind::Unit, e->unit), true};
          case Escape::Kind::Set: return Atom{class_node(std::move(e->set)), true};
          case Escape::Kind::Assertion: return Atom{leaf(e->assertion), false};
        }
        return std::nullopt;
      }
      case '*': case '+': case '?':
        return fail("quantifier has nothing to repeat", start);
      case '{':
        if (braces(start)) return fail("quantifier has nothing to repeat", start);
        return fail(kLoneBrace, start);
      case '}': return fail("unmatched '}'; write \\} for a literal '}'", start);
      case ']': return fail("unmatched ']'; write \\] for a literal ']'", start);
      default: {
        const Decoded d = decode(p_, i_);
        i_ += d.len;
        return Atom{leaf(Node::Kind::Unit, d.unit), true};
      }
    }
  }

  std::optional<Atom> group() {
    const std::size_t open = i_++;
    if (at('?')) {
      const char k = i_ + 1 < p_.size() ? p_[i_ + 1] : '\0';
      const char k2 = i_ + 2 < p_.size() ? p_[i_ + 2] : '\0';
      if (k == '=' || k == '!') return fail("lookahead (?= (?! is not supported", open);
      if (k == '<' && (k2 == '=' || k2 == '!'))
        return fail("lookbehind (?<= (?<! is not supported", open);
      if (k == '<') return fail("named groups are not supported; write ( ) or (?: )", open);
      if (k != ':') return fail("unsupported group; only ( ) and (?: ) are supported", open);
      i_ += 2;
    }
    if (depth_ == Regex::kMaxGroupDepth) return fail("groups are nested deeper than 100", open);
    ++depth_;
    auto inner = alternation();
    --depth_;
    if (!inner) return std::nullopt;
    if (!at(')')) return fail("unbalanced '(': missing ')'", open);
    ++i_;
    return Atom{*inner, true};
  }

  NodeId class_node(UnitSet set) {
    program_.classes.push_back(std::move(set));
    return leaf(Node::Kind::Class, static_cast<std::uint32_t>(program_.classes.size() - 1));
  }

  std::optional<NodeId> char_class() {
    const std::size_t open = i_++;
    const bool negated = at('^');
    if (negated) ++i_;
    if (at(']'))
      return fail("empty class [] or [^] is not supported; write \\] for a literal ']'", open);
    UnitSet set;
    for (;;) {
      if (i_ >= p_.size()) return fail("unbalanced '[': missing ']'", open);
      if (at(']')) break;
      if (at('[')) return fail("write \\[ for a literal '[' inside a class", i_);
      const std::size_t item = i_;
      auto lo = class_atom();
      if (!lo) return std::nullopt;
      if (at('-') && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        auto hi = class_atom();
        if (!hi) return std::nullopt;
        if (lo->kind != Escape::Kind::Unit || hi->kind != Escape::Kind::Unit)
          return fail("a class escape such as \\d cannot be the end of a range", item);
        if (lo->unit > kMaxCodePoint || hi->unit > kMaxCodePoint)
          return fail("invalid UTF-8 cannot be the end of a range", item);
        if (lo->unit > hi->unit) return fail("range out of order in class", item);
        set.push_back({lo->unit, hi->unit});
      } else if (lo->kind == Escape::Kind::Unit) {
        set.push_back({lo->unit, lo->unit});
      } else {
        set.insert(set.end(), lo->set.begin(), lo->set.end());
      }
    }
    ++i_;  // ']'
    normalize(set);
    return class_node(negated ? complement(set) : std::move(set));
  }

  // One character or class escape inside [ ].
  std::optional<Escape> class_atom() {
    if (at('\\')) return escape(true);
    const Decoded d = decode(p_, i_);
    i_ += d.len;
    return Escape{Escape::Kind::Unit, d.unit, {}, Node::Kind::Empty};
  }

  std::optional<Escape> escape(bool in_class) {
    const std::size_t start = i_++;
    if (i_ >= p_.size()) return fail("pattern ends with a lone '\\'", start);
    const char c = p_[i_++];
    auto unit = [](Unit u) { return Escape{Escape::Kind::Unit, u, {}, Node::Kind::Empty}; };
    auto set = [](const UnitSet& s, bool negate) {
      return Escape{Escape::Kind::Set, 0, negate ? complement(s) : s, Node::Kind::Empty};
    };
    auto assertion = [](Node::Kind k) { return Escape{Escape::Kind::Assertion, 0, {}, k}; };
    switch (c) {
      case 'd': return set(kDigits, false);
      case 'D': return set(kDigits, true);
      case 'w': return set(kWord, false);
      case 'W': return set(kWord, true);
      case 's': return set(kSpace, false);
      case 'S': return set(kSpace, true);
      case 'b': return in_class ? unit(0x08) : assertion(Node::Kind::WordBoundary);
      case 'B':
        if (in_class) return fail("\\B is not allowed inside a class", start);
        return assertion(Node::Kind::NotWordBoundary);
      case 'n': return unit('\n');
      case 't': return unit('\t');
      case 'r': return unit('\r');
      case 'f': return unit('\f');
      case 'v': return unit('\v');
      case '0':
        if (i_ < p_.size() && is_digit(p_[i_]))
          return fail("octal escapes are not supported", start);
        return unit(0);
      case 'x': {
        const int h1 = i_ < p_.size() ? hex_value(p_[i_]) : -1;
        const int h2 = i_ + 1 < p_.size() ? hex_value(p_[i_ + 1]) : -1;
        if (h1 < 0 || h2 < 0) return fail("\\x needs two hex digits", start);
        i_ += 2;
        return unit(static_cast<Unit>(h1 * 16 + h2));
      }
      case 'u': {
        auto u = unicode_escape(start);
        if (!u) return std::nullopt;
        return unit(*u);
      }
      case 'k': return fail("backreferences are not supported", start);
      case 'p': case 'P': return fail("Unicode property escapes \\p{...} are not supported", start);
      default: break;
    }
    if (c >= '1' && c <= '9') return fail("backreferences are not supported", start);
    const bool punctuation = c > ' ' && c < 0x7F && !is_word_byte(c);
    if (punctuation) return unit(static_cast<Unit>(c));
    if (c > ' ' && c < 0x7F) return fail(std::string("unknown escape \\") + c, start);
    return fail("unknown escape", start);
  }

  // After "\u": XXXX (a surrogate pair \uHHHH\uLLLL is one code point) or {X...}.
  std::optional<Unit> unicode_escape(std::size_t start) {
    auto hex4 = [&](std::size_t j) -> std::optional<Unit> {
      if (j + 4 > p_.size()) return std::nullopt;
      Unit v = 0;
      for (std::size_t k = j; k < j + 4; ++k) {
        const int h = hex_value(p_[k]);
        if (h < 0) return std::nullopt;
        v = v * 16 + static_cast<Unit>(h);
      }
      return v;
    };
    Unit cp;
    if (at('{')) {
      std::size_t j = i_ + 1;
      Unit v = 0;
      for (; j < p_.size() && hex_value(p_[j]) >= 0; ++j)
        v = std::min<Unit>(v * 16 + static_cast<Unit>(hex_value(p_[j])), kMaxCodePoint + 1);
      if (j == i_ + 1 || j >= p_.size() || p_[j] != '}')
        return fail("\\u{...} needs hex digits and a closing '}'", start);
      if (v > kMaxCodePoint) return fail("\\u{...} is above U+10FFFF", start);
      i_ = j + 1;
      cp = v;
    } else {
      auto v = hex4(i_);
      if (!v) return fail("\\u needs four hex digits or {...}", start);
      i_ += 4;
      cp = *v;
      if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 1 < p_.size() && p_[i_] == '\\' && p_[i_ + 1] == 'u') {
        auto low = hex4(i_ + 2);
        if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
          i_ += 6;
        }
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
      return fail("a lone surrogate never matches UTF-8 text", start);
    return cp;
  }

  std::string_view p_;
  std::size_t i_ = 0;
  std::size_t depth_ = 0;
  std::vector<Node> nodes_;
  Program& program_;
  RegexError error_;
};

// ---- code generation ----

// Emits the Thompson program of a tree. Recursion follows the tree, whose depth
// is bounded by the group nesting limit.
class Compiler {
 public:
  Compiler(const std::vector<Node>& nodes, std::vector<Inst>& out) : nodes_(nodes), out_(out) {}

  void emit(NodeId id) {
    const Node& n = nodes_[id];
    switch (n.kind) {
      case Node::Kind::Empty: return;
      case Node::Kind::Unit: push(Op::Unit, n.value); return;
      case Node::Kind::Any: push(Op::Any); return;
      case Node::Kind::Class: push(Op::Class, n.value); return;
      case Node::Kind::Begin: push(Op::Begin); return;
      case Node::Kind::End: push(Op::End); return;
      case Node::Kind::WordBoundary: push(Op::WordBoundary); return;
      case Node::Kind::NotWordBoundary: push(Op::NotWordBoundary); return;
      case Node::Kind::Concat:
        for (NodeId kid : n.kids) emit(kid);
        return;
      case Node::Kind::Alt: {
        //   split L1, L2; L1: a; jump end; L2: split ...; last; end:
        std::vector<std::uint32_t> jumps;
        for (std::size_t k = 0; k + 1 < n.kids.size(); ++k) {
          const std::uint32_t split = push(Op::Split, pc() + 1);
          emit(n.kids[k]);
          jumps.push_back(push(Op::Jump));
          out_[split].y = pc();
        }
        emit(n.kids.back());
        for (std::uint32_t j : jumps) out_[j].x = pc();
        return;
      }
      case Node::Kind::Repeat: repeat(n); return;
    }
  }

 private:
  std::uint32_t pc() const { return static_cast<std::uint32_t>(out_.size()); }
  std::uint32_t push(Op op, std::uint32_t x = 0, std::uint32_t y = 0) {
    out_.push_back({op, x, y});
    return pc() - 1;
  }

  // x{n,m} is n copies of x then m-n optional ones; x{n,} ends in a loop.
  void repeat(const Node& n) {
    const NodeId kid = n.kids[0];
    if (n.max == kUnbounded && n.min == 0) {  // L: split body, end; body: x; jump L; end:
      const std::uint32_t loop = push(Op::Split, pc() + 1);
      emit(kid);
      push(Op::Jump, loop);
      out_[loop].y = pc();
      return;
    }
    if (n.max == kUnbounded) {  // x{n-1} then L: x; split L, end
      for (std::uint32_t k = 1; k < n.min; ++k) emit(kid);
      const std::uint32_t body = pc();
      emit(kid);
      push(Op::Split, body, pc() + 1);
      return;
    }
    for (std::uint32_t k = 0; k < n.min; ++k) emit(kid);
    std::vector<std::uint32_t> splits;  // each optional copy may skip to the end
    for (std::uint32_t k = n.min; k < n.max; ++k) {
      splits.push_back(push(Op::Split, pc() + 1));
      emit(kid);
    }
    for (std::uint32_t s : splits) out_[s].y = pc();
  }

  const std::vector<Node>& nodes_;
  std::vector<Inst>& out_;
};

// True when every match must start at offset 0 (the pattern begins with ^ on
// every path), so the search can stop as soon as no thread is alive.
bool starts_with_begin(const std::vector<Node>& nodes, NodeId id) {
  const Node& n = nodes[id];
  switch (n.kind) {
    case Node::Kind::Begin: return true;
    case Node::Kind::Concat: return starts_with_begin(nodes, n.kids[0]);
    case Node::Kind::Repeat: return n.min > 0 && starts_with_begin(nodes, n.kids[0]);
    case Node::Kind::Alt:
      return std::all_of(n.kids.begin(), n.kids.end(),
                         [&](NodeId k) { return starts_with_begin(nodes, k); });
    default: return false;
  }
}

// ---- matching ----

// A set of program counters with O(1) insert, lookup and clear, iterated in
// insertion order.
class SparseSet {
 public:
  explicit SparseSet(std::size_t capacity) : dense_(capacity), sparse_(capacity) {}
  bool contains(std::uint32_t pc) const {
    const std::uint32_t k = sparse_[pc];
    return k < size_ && dense_[k] == pc;
  }
  void insert(std::uint32_t pc) {
    sparse_[pc] = size_;
    dense_[size_++] = pc;
  }
  void clear() { size_ = 0; }
  bool empty() const { return size_ == 0; }
  const std::uint32_t* begin() const { return dense_.data(); }
  const std::uint32_t* end() const { return dense_.data() + size_; }

 private:
  std::vector<std::uint32_t> dense_;
  std::vector<std::uint32_t> sparse_;
  std::uint32_t size_ = 0;
};

// Which assertions hold at an offset of the text.
struct Context {
  bool begin;
  bool end;
  bool word_boundary;
};

}  // namespace

}  // namespace strata::base

namespace strata::base::regex_detail {

/// The states of a program's lazy DFA and their transitions, shared by the
/// searches of one Regex (under a mutex: a search from another thread at the
/// same time builds its own).
struct DfaCache {
  struct DState {
    const std::vector<std::uint32_t>* pcs;  // sorted; consuming and End instructions only
    std::array<std::int32_t, 128> next;      // by ASCII byte
  };
  std::mutex mutex;
  std::vector<DState> states;
  std::map<std::vector<std::uint32_t>, std::int32_t> index;
  std::size_t bytes = 0;
  static constexpr std::int32_t kNoStart = -3;
  std::int32_t start = kNoStart;  // the state at offset 0, once known (a search per value: find it once)
  bool start_matches = false;     // the pattern matches the empty text at offset 0
  // The matcher's scratch, kept between searches so that a search allocates nothing.
  std::optional<SparseSet> current, next;
  std::vector<std::uint32_t> stack;
};

}  // namespace strata::base::regex_detail

namespace strata::base {
namespace {

using regex_detail::DfaCache;

// Runs a program over a text. Programs without \b or \B run on a DFA built
// lazily from the NFA: a DFA state is the set of NFA instructions alive at an
// offset, created when first reached and cached with its transitions on ASCII
// bytes, so ASCII text costs one table lookup per byte once the states exist.
// Assertions need no place in those states: ^ holds only at offset 0 (the
// start state), and $ only at the end of the text, where the End instructions
// a state keeps waiting are followed once more. Programs with \b or \B run
// the NFA directly, which is just as linear, only slower.
class Matcher {
 public:
  Matcher(const Program& program, DfaCache& cache, std::string_view text)
      : prog_(program),
        text_(text),
        cache_(prepared(cache, program)),
        current_(*cache.current),
        next_(*cache.next),
        stack_(cache.stack),
        states_(cache.states),
        index_(cache.index),
        cache_bytes_(cache.bytes) {}

  bool run() {
    if (!prog_.has_word_boundary) return run_dfa();
    current_.clear();  // the scratch of the previous search
    return run_nfa(0);
  }

 private:
  // The DFA cache is dropped and rebuilt from the current state when it
  // grows past this; matching stays linear, only slower.
  static constexpr std::size_t kDfaCacheBytes = 2u << 20;
  static constexpr std::int32_t kUnknown = -1;  // transition not computed yet
  static constexpr std::int32_t kMatched = -2;  // the transition reaches Match
  static constexpr Context kMiddle{false, false, false};

  using DState = DfaCache::DState;

  // Runs the NFA from offset pos, where current_ holds the threads waiting there.
  bool run_nfa(std::size_t pos) {
    for (;;) {
      const Context ctx{pos == 0, pos == text_.size(), word_boundary(pos)};
      // A new thread starts at every offset: that is what makes the search unanchored.
      if ((pos == 0 || !prog_.anchored) && follow(current_, 0, ctx)) return true;
      if (pos == text_.size() || (prog_.anchored && current_.empty())) return false;
      const Decoded d = decode(text_, pos);
      next_.clear();
      const Context after{false, pos + d.len == text_.size(), word_boundary(pos + d.len)};
      for (std::uint32_t pc : current_)
        if (consumes(prog_.insts[pc], d.unit) && follow(next_, pc + 1, after)) return true;
      std::swap(current_, next_);
      pos += d.len;
    }
  }

  bool run_dfa() {
    if (cache_.start == DfaCache::kNoStart) {
      current_.clear();
      cache_.start_matches = follow(current_, 0, {true, false, false});
      if (!cache_.start_matches) cache_.start = intern(current_);
    }
    if (cache_.start_matches) return true;
    std::int32_t state = cache_.start;
    std::size_t steps = 0, computed = 0;
    for (std::size_t pos = 0; pos < text_.size(); ++steps) {
      if (prog_.anchored && states_[state].pcs->empty()) return false;  // no thread left
      if (computed > 256 && computed * 4 > steps) {
        // Most steps find no cached transition (many distinct states, as with
        // counted repetitions, or non-ASCII text): the plain NFA is cheaper.
        current_.clear();
        for (std::uint32_t pc : *states_[state].pcs) current_.insert(pc);
        return run_nfa(pos);
      }
      if (cache_bytes_ > kDfaCacheBytes) state = restart_cache(state);
      const auto byte = static_cast<unsigned char>(text_[pos]);
      std::int32_t to;
      if (byte < 0x80) {
        to = states_[state].next[byte];
        if (to == kUnknown) {
          ++computed;
          to = transition(state, byte);
          states_[state].next[byte] = to;
        }
        ++pos;
      } else {
        const Decoded d = decode(text_, pos);
        ++computed;
        to = transition(state, d.unit);
        pos += d.len;
      }
      if (to == kMatched) return true;
      state = to;
    }
    // At the end of the text, $ holds: follow the End instructions still waiting.
    next_.clear();
    const Context end{text_.empty(), true, false};
    for (std::uint32_t pc : *states_[state].pcs)
      if (prog_.insts[pc].op == Op::End && follow(next_, pc + 1, end)) return true;
    return false;
  }

  // The state after reading unit u in state `from`, computed on the NFA.
  std::int32_t transition(std::int32_t from, Unit u) {
    next_.clear();
    for (std::uint32_t pc : *states_[from].pcs)
      if (consumes(prog_.insts[pc], u) && follow(next_, pc + 1, kMiddle)) return kMatched;
    if (!prog_.anchored && follow(next_, 0, kMiddle)) return kMatched;
    return intern(next_);
  }

  // The DFA state for a closed set of NFA instructions, made if new.
  std::int32_t intern(const SparseSet& set) {
    std::vector<std::uint32_t> pcs;
    for (std::uint32_t pc : set) {
      const Op op = prog_.insts[pc].op;
      if (op == Op::Unit || op == Op::Any || op == Op::Class || op == Op::End) pcs.push_back(pc);
    }
    std::sort(pcs.begin(), pcs.end());
    const auto id = static_cast<std::int32_t>(states_.size());
    auto [it, added] = index_.try_emplace(std::move(pcs), id);
    if (!added) return it->second;
    DState st{&it->first, {}};
    st.next.fill(kUnknown);
    states_.push_back(st);
    cache_bytes_ += sizeof(DState) + 64 + it->first.size() * sizeof(std::uint32_t);
    return id;
  }

  std::int32_t restart_cache(std::int32_t state) {
    std::vector<std::uint32_t> keep = *states_[state].pcs;
    states_.clear();
    index_.clear();
    cache_bytes_ = 0;
    cache_.start = DfaCache::kNoStart;
    current_.clear();
    for (std::uint32_t pc : keep) current_.insert(pc);
    return intern(current_);
  }

  bool consumes(const Inst& in, Unit u) const {
    switch (in.op) {
      case Op::Unit: return u == in.x;
      case Op::Any: return u != '\n';
      case Op::Class: return contains(prog_.classes[in.x], u);
      default: return false;  // not a consuming instruction
    }
  }

  bool word_boundary(std::size_t pos) const {
    const bool before = pos > 0 && is_word_byte(text_[pos - 1]);
    const bool after = pos < text_.size() && is_word_byte(text_[pos]);
    return before != after;
  }

  // Adds pc and everything reachable from it without consuming text (the
  // epsilon closure) to set. An explicit stack, not recursion; a pc is pushed
  // only when first added, so the stack never outgrows the program. True when
  // the closure reaches Match.
  bool follow(SparseSet& set, std::uint32_t start, Context ctx) {
    stack_.clear();
    auto add = [&](std::uint32_t pc) {
      if (!set.contains(pc)) {
        set.insert(pc);
        stack_.push_back(pc);
      }
    };
    add(start);
    while (!stack_.empty()) {
      const std::uint32_t pc = stack_.back();
      stack_.pop_back();
      const Inst& in = prog_.insts[pc];
      switch (in.op) {
        case Op::Match: return true;
        case Op::Jump: add(in.x); break;
        case Op::Split: add(in.y); add(in.x); break;
        case Op::Begin: if (ctx.begin) add(pc + 1); break;
        case Op::End: if (ctx.end) add(pc + 1); break;
        case Op::WordBoundary: if (ctx.word_boundary) add(pc + 1); break;
        case Op::NotWordBoundary: if (!ctx.word_boundary) add(pc + 1); break;
        case Op::Unit: case Op::Any: case Op::Class: break;  // waits in the set for the next unit
      }
    }
    return false;
  }

  static DfaCache& prepared(DfaCache& cache, const Program& program) {
    if (!cache.current) {
      cache.current.emplace(program.insts.size());
      cache.next.emplace(program.insts.size());
      cache.stack.reserve(program.insts.size());
    }
    return cache;
  }

  const Program& prog_;
  std::string_view text_;
  DfaCache& cache_;
  SparseSet& current_;
  SparseSet& next_;
  std::vector<std::uint32_t>& stack_;
  std::vector<DState>& states_;
  std::map<std::vector<std::uint32_t>, std::int32_t>& index_;
  std::size_t& cache_bytes_;
};

}  // namespace

std::variant<Regex, RegexError> Regex::compile(std::string_view pattern) {
  auto program = std::make_shared<Program>();
  Parser parser(pattern, *program);
  auto root = parser.parse();
  if (!root) return std::move(parser.error());
  program->insts.reserve(parser.nodes()[*root].size + 1);
  Compiler(parser.nodes(), program->insts).emit(*root);
  program->insts.push_back({Op::Match});
  assert(program->insts.size() == parser.nodes()[*root].size + 1);
  program->anchored = starts_with_begin(parser.nodes(), *root);
  program->has_word_boundary =
      std::any_of(program->insts.begin(), program->insts.end(), [](const Inst& in) {
        return in.op == Op::WordBoundary || in.op == Op::NotWordBoundary;
      });
  Regex re;
  re.pattern_ = std::string(pattern);
  re.program_ = std::move(program);
  re.cache_ = std::make_shared<DfaCache>();
  return re;
}

bool Regex::search(std::string_view text) const {
  std::unique_lock<std::mutex> lock(cache_->mutex, std::try_to_lock);
  if (lock.owns_lock()) return Matcher(*program_, *cache_, text).run();
  DfaCache own;
  return Matcher(*program_, own, text).run();
}

}  // namespace strata::base
