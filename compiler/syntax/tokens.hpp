#pragma once
// Private to compiler/syntax: the token parsers used by every grammar unit.

#include <string>
#include <string_view>

#include "syntax/grammar.hpp"

namespace strata::syntax::grammar {

/// An identifier that is not a keyword.
struct name_parser : x3::parser<name_parser> {
  using attribute_type = ast::Name;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const char* e = scan_ident(first, last);
    if (e == first) return false;
    std::string_view word(first, static_cast<std::size_t>(e - first));
    if (is_keyword(word)) return false;
    ParseState& st = state(ctx);
    if (at_column0(st.begin, first) && is_declaration_keyword(word)) return false;
    attr = ast::Name{st.names.intern(word), st.range(first, e)};
    first = e;
    return true;
  }
};

/// A reserved word, not followed by an identifier character. With
/// not_before_colon, a word followed by `:` or `=` does not match: it is being
/// used as a name (`len: int` is a field; `for = 1` is an error about a name).
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  const char* word;
  bool not_before_colon;
  bool not_at_column0;
  constexpr keyword_parser(const char* w, bool nbc = false, bool nc0 = false)
      : word(w), not_before_colon(nbc), not_at_column0(nc0) {}
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    if (not_at_column0 && at_column0(state(ctx).begin, first)) return false;
    const char* p = first;
    for (const char* w = word; *w; ++w, ++p)
      if (p == last || *p != *w) return false;
    if (p != last && is_ident_char(*p)) return false;
    if (not_before_colon && names_a_field(p, last)) return false;
    first = p;
    return true;
  }
};
inline keyword_parser kw(const char* word) { return keyword_parser(word); }

/// The value held by an X3 alternative attribute whose branches all have the
/// same type (X3 makes a variant of them), or the value itself.
template <typename T>
T unwrap(T v) {
  return v;
}
template <typename... Ts>
auto unwrap(boost::variant<Ts...> const& v) {
  return boost::apply_visitor([](auto x) { return x; }, v);
}
/// The non-null values of a list of (possibly variant) pointers.
template <typename P, typename Vec>
std::vector<P> non_null(Vec const& v) {
  std::vector<P> out;
  out.reserve(v.size());
  for (auto const& x : v)
    if (P p = unwrap(x)) out.push_back(p);
  return out;
}

/// `=` that is not the start of `==` or `=>`.
struct assign_parser : x3::parser<assign_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '=') return false;
    if (last - first >= 2 && (first[1] == '=' || first[1] == '>')) return false;
    ++first;
    return true;
  }
};

/// A number literal (see parse_number).
struct number_parser : x3::parser<number_parser> {
  using attribute_type = ast::Expr*;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    ast::Expr* e = nullptr;
    const char* p = parse_number(state(ctx), first, last, e);
    if (p == first) return false;
    attr = e;
    first = p;
    return true;
  }
};

/// A string literal, `"..."` or `"""..."""`, with `${expr}` interpolation.
struct string_parser : x3::parser<string_parser> {
  using attribute_type = ast::Expr*;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '"') return false;
    ParseState& st = state(ctx);
    StringScanner sc(st, first);
    const char* p = begin_string(sc, first, last);
    for (;;) {
      bool closed = false;
      const char* q = sc.scan(p, last, closed);
      if (!q) throw x3::expectation_failure<It>(p, "\"\\\"\"");
      if (closed) {
        sc.flush_text(q);
        first = q;
        attr = st.expr(st.range(sc.open, q), std::move(sc.lit));
        return true;
      }
      const char* interp_open = q - 2;
      sc.flush_text(interp_open);
      It it = q;
      ast::Expr* inner = nullptr;
      if (!expr().parse(it, last, ctx, rctx, inner)) throw x3::expectation_failure<It>(it, "expression");
      x3::skip_over(it, last, ctx);
      if (it == last || *it != '}') throw x3::expectation_failure<It>(it, "'}'");
      ++it;
      sc.lit.parts.push_back(ast::StringPart{{}, inner, st.range(interp_open, it)});
      p = it;
      sc.text_begin = p;
    }
  }
};

/// A regex literal `/.../` (after `matches`); the attribute is the pattern text.
struct regex_parser : x3::parser<regex_parser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '/') return false;
    const char* p = first + 1;
    std::string out;
    while (p != last && *p != '/' && *p != '\n' && *p != '\r') {
      if (*p == '\\' && last - p >= 2 && p[1] == '/') {
        out += '/';
        p += 2;
        continue;
      }
      out += *p++;
    }
    if (p == last || *p != '/') throw x3::expectation_failure<It>(p, "'/'");
    attr = std::move(out);
    first = p + 1;
    return true;
  }
};

inline constexpr name_parser name{};
inline constexpr assign_parser assign{};
inline constexpr number_parser number{};
inline constexpr string_parser string_lit{};
inline constexpr regex_parser regex{};

}  // namespace strata::syntax::grammar

namespace boost::spirit::x3 {
template <>
struct get_info<strata::syntax::grammar::name_parser> {
  std::string operator()(strata::syntax::grammar::name_parser const&) const { return "name"; }
};
template <>
struct get_info<strata::syntax::grammar::keyword_parser> {
  std::string operator()(strata::syntax::grammar::keyword_parser const& p) const {
    return std::string("'") + p.word + "'";
  }
};
template <>
struct get_info<strata::syntax::grammar::assign_parser> {
  std::string operator()(strata::syntax::grammar::assign_parser const&) const { return "'='"; }
};
template <>
struct get_info<strata::syntax::grammar::number_parser> {
  std::string operator()(strata::syntax::grammar::number_parser const&) const { return "number"; }
};
template <>
struct get_info<strata::syntax::grammar::string_parser> {
  std::string operator()(strata::syntax::grammar::string_parser const&) const { return "string"; }
};
template <>
struct get_info<strata::syntax::grammar::regex_parser> {
  std::string operator()(strata::syntax::grammar::regex_parser const&) const { return "regex literal"; }
};
}  // namespace boost::spirit::x3

namespace strata::syntax::grammar {

/// depth_guard[p]: parses p one level deeper; past kMaxDepth it throws the
/// expectation failure that becomes E0006, long before the stack is at risk.
template <typename Subject>
struct depth_guard_directive : x3::unary_parser<Subject, depth_guard_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, depth_guard_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr depth_guard_directive(Subject const& subject) : base_type(subject) {}
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    ParseState& st = state(ctx);
    if (st.depth >= kMaxDepth) throw x3::expectation_failure<It>(first, kDepthWhich);
    struct Level {
      int& depth;
      explicit Level(int& d) : depth(d) { ++depth; }
      ~Level() { --depth; }
    } level(st.depth);
    return this->subject.parse(first, last, ctx, rctx, attr);
  }
};
struct depth_guard_gen {
  template <typename Subject>
  constexpr depth_guard_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
inline constexpr depth_guard_gen depth_guard{};

/// mark[p]: remembers where p's match begins (after whitespace), so that the
/// semantic action inside p can give its node a range with where().
template <typename Subject>
struct mark_directive : x3::unary_parser<Subject, mark_directive<Subject>> {
  using base_type = x3::unary_parser<Subject, mark_directive<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr mark_directive(Subject const& subject) : base_type(subject) {}
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    ParseState& st = state(ctx);
    It save = first;
    x3::skip_over(first, last, ctx);
    struct Mark {
      std::vector<const char*>& marks;
      Mark(std::vector<const char*>& m, const char* p) : marks(m) { marks.push_back(p); }
      ~Mark() { marks.pop_back(); }
    } mark(st.marks, first);
    if (this->subject.parse(first, last, ctx, rctx, attr)) return true;
    first = save;
    return false;
  }
};
struct mark_gen {
  template <typename Subject>
  constexpr mark_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
inline constexpr mark_gen mark{};

/// The range of the innermost mark[] up to the end of what an action's
/// subject matched (X3's _where is the input after the match).
template <typename Ctx>
base::Range where(Ctx const& ctx) {
  ParseState& st = state(ctx);
  return st.range(st.marks.back(), x3::_where(ctx).begin());
}

/// Skips to the end of the line (bracket-aware), or to a `}` closing the
/// enclosing braces.
const char* skip_rest_of_line(const char* p, const char* end);

/// Where in the text the error being recovered from was found (or p).
const char* recovery_start(ParseState& st, const char* p);

/// Recovery inside braces: skips from the error to the end of its line (or to
/// a `}` that closes the enclosing braces), reporting `expected` first unless
/// an error handler already reported this error. Fails at `}` and at the end
/// of the input, so the enclosing `> '}'` can speak.
template <typename Attribute>
struct line_recover_parser : x3::parser<line_recover_parser<Attribute>> {
  using attribute_type = Attribute;
  static bool const has_attribute = true;
  const char* expected;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    ParseState& st = state(ctx);
    const char* p = skip_trivia(first, last);
    if (!st.recovering && (p == last || *p == '}')) return false;
    // A declaration in the first column: the braces around us were not
    // closed. Let the enclosing `> '}'` say so (once) and the declaration
    // level resume there.
    if (at_column0(st.begin, p) && starts_declaration(p, last)) return false;
    if (!st.recovering) st.report_unexpected(p, expected);
    const char* q = skip_rest_of_line(recovery_start(st, p), last);
    st.recovering = false;
    if (q == first) return false;
    first = q;
    attr = Attribute{};
    return true;
  }
};


/// Recovery inside record bodies and inside schema bodies (every grammar unit
/// that parses them uses these).
inline constexpr line_recover_parser<EntryP> entry_recover{{}, "an entry `name = value` or `}`"};
inline constexpr line_recover_parser<MemberP> member_recover{{}, "a field `name: type`, `check` or `fn`, or `}`"};

/// Actions keeping what was parsed of a body, without the recovered parts.
inline auto const make_entries = [](auto& ctx) { x3::_val(ctx) = non_null<EntryP>(x3::_attr(ctx)); };
inline auto const make_members = [](auto& ctx) { x3::_val(ctx) = non_null<MemberP>(x3::_attr(ctx)); };

}  // namespace strata::syntax::grammar
