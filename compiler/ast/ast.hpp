#pragma once
/// The abstract syntax tree of one Strata file. Plain structs and std::variant,
/// allocated in an Arena owned by ast::File; every node has a byte range.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/arena.hpp"
#include "base/interner.hpp"
#include "base/source.hpp"

namespace strata::ast {

using base::Range;
using base::Symbol;

struct Expr;
struct Type;

/// A name with the range where it was written.
struct Name {
  Symbol sym;
  Range range;
};

// ---------------------------------------------------------------- expressions

struct IntLit { std::int64_t value = 0; };
struct FloatLit { double value = 0; };
/// A number with a unit suffix, kept as written ("250m", "1Gi", "1h30m", "70%");
/// sema decides its type, since `m` means milli for cpu and minutes for durations.
struct UnitLit { std::string_view text; };
struct BoolLit { bool value = false; };
struct NullLit {};

/// One piece of a string literal: literal text (escapes decoded) or `${expr}`.
struct StringPart {
  std::string text;
  Expr* expr = nullptr;
  Range range;
};
struct StringLit {
  std::vector<StringPart> parts;
  bool multiline = false;
};

struct Ident { Symbol name; };
/// `.debug`: an enum case whose enum the expected type decides.
struct EnumLit { Symbol name; };

/// `a.b` or `a?.b`.
struct Member {
  Expr* object = nullptr;
  Name name;
  bool optional_chain = false;
};
struct Index {
  Expr* object = nullptr;
  Expr* index = nullptr;
};
struct Arg {
  Name name;  // sym invalid for a positional argument
  Expr* value = nullptr;
};
struct Call {
  Expr* callee = nullptr;
  std::vector<Arg> args;
};

enum class UnaryOp { Neg, Not };
enum class BinaryOp { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Coalesce, Range, Add, Sub, Mul, Div, Mod };
std::string_view op_spelling(UnaryOp op);
std::string_view op_spelling(BinaryOp op);

struct Unary {
  UnaryOp op;
  Expr* operand = nullptr;
};
struct Binary {
  BinaryOp op;
  Expr* lhs = nullptr;
  Expr* rhs = nullptr;
};

/// `if c then a else b`; without `else` the value is absent when c is false.
struct If {
  Expr* cond = nullptr;
  Expr* then_ = nullptr;
  Expr* else_ = nullptr;
};

/// A match arm: `pattern => body`; pattern == nullptr is the wildcard `_`.
struct MatchArm {
  Expr* pattern = nullptr;
  Expr* body = nullptr;
  Range range;
};
struct Match {
  Expr* subject = nullptr;
  std::vector<MatchArm> arms;
};

/// `let name[: T] = value in body`.
struct Let {
  Name name;
  Type* type = nullptr;
  Expr* value = nullptr;
  Expr* body = nullptr;
};

/// `for [key,] value in iterable [if filter]`.
struct ForClause {
  Name key;  // sym invalid when only one variable is bound
  Name value;
  Expr* iterable = nullptr;
  Expr* filter = nullptr;
  Range range;
};

struct ListLit { std::vector<Expr*> items; };
/// `[for x in xs if p => f(x)]`.
struct ListComp {
  ForClause* clause = nullptr;  // behind a pointer: it would double the size of every Expr
  Expr* body = nullptr;
};

/// One key of an entry path: an identifier or a string literal.
struct Key {
  Expr* expr = nullptr;  // Ident or StringLit
  Range range;
};

/// `a.b.c = value` inside braces (records, env bodies, output blocks), or a
/// nested `for` block that produces entries.
struct Entry;
struct EntryFor {
  ForClause clause;
  std::vector<Entry*> body;
};
struct Entry {
  Range range;
  std::vector<Key> path;     // empty for a `for` block
  Expr* value = nullptr;
  EntryFor* for_ = nullptr;  // set for a `for` block
};

/// `{ a = 1, b.c = 2 }`, or with a type `p.Service { ... }`.
struct RecordLit {
  Expr* type = nullptr;  // a (qualified) type name, or null for an untyped literal
  std::vector<Entry*> entries;
};
/// `{for e in es => key: value}`.
struct MapComp {
  ForClause* clause = nullptr;
  Expr* key = nullptr;
  Expr* value = nullptr;
};

using ExprNode = std::variant<IntLit, FloatLit, UnitLit, BoolLit, NullLit, StringLit, Ident, EnumLit, Member,
                              Index, Call, Unary, Binary, If, Match, Let, ListLit, ListComp, RecordLit, MapComp>;

struct Expr {
  Range range;
  ExprNode node;
};

// ---------------------------------------------------------------- types

/// `int`, `Port`, `p.Service`, `range<cpu>`.
struct NamedType {
  std::vector<Name> path;
  std::vector<Type*> args;
};
struct ListType { Type* element = nullptr; };
struct MapType {
  Type* key = nullptr;
  Type* value = nullptr;
};
struct OptionalType { Type* inner = nullptr; };
/// `"a" | "b" | "c"`.
struct UnionType { std::vector<Expr*> literals; };
struct FieldDecl;
struct SchemaMember;
/// An anonymous record type: `{ min: int = 2, max: int = 10 }`.
struct RecordType { std::vector<SchemaMember*> members; };

enum class ConstraintKind { In, Matches, Len };
/// `in lo..hi`, `matches /re/`, `len a..b`.
struct Constraint {
  ConstraintKind kind;
  Expr* bounds = nullptr;  // In, Len
  std::string regex;       // Matches: the pattern as written between the slashes
  Range range;
};

using TypeNode = std::variant<NamedType, ListType, MapType, OptionalType, UnionType, RecordType>;

struct Type {
  Range range;
  TypeNode node;
  std::vector<Constraint> constraints;
};

// ---------------------------------------------------------------- declarations

struct Param {
  Name name;
  Type* type = nullptr;
  Expr* default_value = nullptr;
};

/// `fn name(params) -> T = body`.
struct FnDecl {
  Name name;
  std::vector<Param> params;
  Type* result = nullptr;
  Expr* body = nullptr;
};

/// `check cond : "message"` (schema member), or `check name(params) = cond : "message"`.
struct CheckDecl {
  Name name;  // sym invalid for an anonymous schema check
  std::vector<Param> params;
  Expr* cond = nullptr;
  Expr* message = nullptr;
};

/// `name: T [= default]`.
struct FieldDecl {
  Name name;
  Type* type = nullptr;
  Expr* default_value = nullptr;
};

using SchemaMemberNode = std::variant<FieldDecl, CheckDecl, FnDecl>;
struct SchemaMember {
  Range range;
  std::string doc;  // the `///` lines before it, without the slashes
  SchemaMemberNode node;
};

struct ImportDecl {
  Expr* path = nullptr;  // a StringLit without interpolation
  Name alias;            // sym invalid without `as`
};
struct LetDecl {
  Name name;
  Type* type = nullptr;
  Expr* value = nullptr;
};
struct TypeDecl {
  Name name;
  Type* type = nullptr;
};
struct EnumCase {
  Name name;
  std::string doc;
};
struct EnumDecl {
  Name name;
  std::vector<EnumCase> cases;
};
struct SchemaDecl {
  Name name;
  std::vector<Name> extends;  // a qualified name, empty when there is none
  std::vector<SchemaMember*> members;
};
/// `[abstract] env NAME: Schema { ... }` or `env NAME amends PARENT { ... }`.
struct EnvDecl {
  Name name;
  bool abstract_ = false;
  std::vector<Name> schema;  // qualified schema name, for a root env
  Name parent;               // sym valid for an overlay
  std::vector<Entry*> body;
};
/// `output PATH = value` or `output for ... { PATH = value ... }`.
struct OutputDecl {
  std::vector<Entry*> entries;  // one Entry (path = value) or one `for` block
};

using DeclNode = std::variant<ImportDecl, LetDecl, TypeDecl, EnumDecl, SchemaDecl, FnDecl, CheckDecl, EnvDecl,
                              OutputDecl>;

struct Decl {
  Range range;
  std::string doc;
  DeclNode node;
};

enum class CommentKind { Line, Doc, Block };
struct Comment {
  Range range;
  CommentKind kind;
};

/// One parsed file: its declarations (as many as could be read, even when the
/// file has syntax errors), its comments, and the arena that owns every node.
struct File {
  base::FileId file = base::kNoFile;
  std::vector<Decl*> decls;
  std::vector<Comment> comments;
  std::unique_ptr<base::Arena> arena = std::make_unique<base::Arena>();
};

}  // namespace strata::ast
