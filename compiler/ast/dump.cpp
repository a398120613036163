#include "ast/dump.hpp"

#include <fmt/format.h>

#include "base/json_writer.hpp"
#include "base/overloaded.hpp"
#include "base/interner.hpp"

namespace strata::ast {

std::string_view op_spelling(UnaryOp op) { return op == UnaryOp::Neg ? "-" : "!"; }

std::string_view op_spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::Or: return "||";
    case BinaryOp::And: return "&&";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::Coalesce: return "??";
    case BinaryOp::Range: return "..";
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
  }
  return "?";
}

namespace {

using base::overloaded;

class Dumper {
 public:
  explicit Dumper(const base::Interner& names) : names_(names) {}

  std::string out;

  void file(const File& f) {
    for (const Decl* d : f.decls) {
      decl(*d);
      out += '\n';
    }
  }

 private:
  void str(std::string_view s) { base::append_json_string(out, s); }
  void name(const Name& n) { out += n.sym.valid() ? names_.str(n.sym) : "_"; }
  void qname(const std::vector<Name>& path) {
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (i) out += '.';
      name(path[i]);
    }
  }
  void doc(const std::string& d) {
    if (d.empty()) return;
    out += " (doc ";
    str(d);
    out += ')';
  }
  void opt_expr(const Expr* e) {
    if (e) {
      out += ' ';
      expr(*e);
    } else {
      out += " _";
    }
  }

  void expr(const Expr& e) {
    std::visit(overloaded{
                   [&](const IntLit& n) { out += std::to_string(n.value); },
                   [&](const FloatLit& n) {
                     std::string s = fmt::format("{}", n.value);
                     if (s.find_first_of(".en") == std::string::npos) s += ".0";  // 1250.0, not 1250
                     out += s;
                   },
                   [&](const UnitLit& n) { out += fmt::format("(unit {})", n.text); },
                   [&](const BoolLit& n) { out += n.value ? "true" : "false"; },
                   [&](const NullLit&) { out += "null"; },
                   [&](const StringLit& s) {
                     if (s.parts.size() == 1 && !s.parts[0].expr) return str(s.parts[0].text);
                     if (s.parts.empty()) return str("");
                     out += "(str";
                     for (const StringPart& p : s.parts) {
                       out += ' ';
                       if (p.expr) {
                         out += "${";
                         expr(*p.expr);
                         out += '}';
                       } else {
                         str(p.text);
                       }
                     }
                     out += ')';
                   },
                   [&](const Ident& n) { out += names_.str(n.name); },
                   [&](const EnumLit& n) { out += fmt::format(".{}", names_.str(n.name)); },
                   [&](const Member& m) {
                     out += m.optional_chain ? "(?. " : "(. ";
                     expr(*m.object);
                     out += ' ';
                     name(m.name);
                     out += ')';
                   },
                   [&](const Index& i) {
                     out += "(index ";
                     expr(*i.object);
                     out += ' ';
                     expr(*i.index);
                     out += ')';
                   },
                   [&](const Call& c) {
                     out += "(call ";
                     expr(*c.callee);
                     for (const Arg& a : c.args) {
                       out += ' ';
                       if (a.name.sym.valid()) {
                         name(a.name);
                         out += '=';
                       }
                       expr(*a.value);
                     }
                     out += ')';
                   },
                   [&](const Unary& u) {
                     out += fmt::format("({} ", op_spelling(u.op));
                     expr(*u.operand);
                     out += ')';
                   },
                   [&](const Binary& b) {
                     out += fmt::format("({} ", op_spelling(b.op));
                     expr(*b.lhs);
                     out += ' ';
                     expr(*b.rhs);
                     out += ')';
                   },
                   [&](const If& i) {
                     out += "(if ";
                     expr(*i.cond);
                     out += ' ';
                     expr(*i.then_);
                     opt_expr(i.else_);
                     out += ')';
                   },
                   [&](const Match& m) {
                     out += "(match ";
                     expr(*m.subject);
                     for (const MatchArm& a : m.arms) {
                       out += " (arm";
                       opt_expr(a.pattern);
                       out += ' ';
                       expr(*a.body);
                       out += ')';
                     }
                     out += ')';
                   },
                   [&](const Let& l) {
                     out += "(let ";
                     name(l.name);
                     if (l.type) {
                       out += ' ';
                       type(*l.type);
                     }
                     out += ' ';
                     expr(*l.value);
                     out += ' ';
                     expr(*l.body);
                     out += ')';
                   },
                   [&](const ListLit& l) {
                     out += "(list";
                     for (const Expr* e : l.items) {
                       out += ' ';
                       expr(*e);
                     }
                     out += ')';
                   },
                   [&](const ListComp& l) {
                     out += "(list-for ";
                     clause(*l.clause);
                     out += ' ';
                     expr(*l.body);
                     out += ')';
                   },
                   [&](const RecordLit& r) {
                     out += "(record";
                     if (r.type) {
                       out += ' ';
                       expr(*r.type);
                     }
                     entries(r.entries);
                     out += ')';
                   },
                   [&](const MapComp& m) {
                     out += "(map-for ";
                     clause(*m.clause);
                     out += ' ';
                     expr(*m.key);
                     out += ' ';
                     expr(*m.value);
                     out += ')';
                   },
               },
               e.node);
  }

  void clause(const ForClause& c) {
    out += "(for ";
    if (c.key.sym.valid()) {
      name(c.key);
      out += ' ';
    }
    name(c.value);
    out += ' ';
    expr(*c.iterable);
    if (c.filter) {
      out += " (if ";
      expr(*c.filter);
      out += ')';
    }
    out += ')';
  }

  void entries(const std::vector<Entry*>& es) {
    for (const Entry* e : es) {
      out += ' ';
      entry(*e);
    }
  }

  void entry(const Entry& e) {
    if (e.for_) {
      out += '(';
      clause(e.for_->clause);
      entries(e.for_->body);
      out += ')';
      return;
    }
    out += "(= ";
    for (std::size_t i = 0; i < e.path.size(); ++i) {
      if (i) out += '.';
      expr(*e.path[i].expr);
    }
    out += ' ';
    expr(*e.value);
    out += ')';
  }

  void type(const Type& t) {
    if (!t.constraints.empty()) out += "(constrained ";
    std::visit(overloaded{
                   [&](const NamedType& n) {
                     if (n.args.empty()) return qname(n.path);
                     out += '(';
                     qname(n.path);
                     for (const Type* a : n.args) {
                       out += ' ';
                       type(*a);
                     }
                     out += ')';
                   },
                   [&](const ListType& l) {
                     out += "[";
                     type(*l.element);
                     out += "]";
                   },
                   [&](const MapType& m) {
                     out += "{";
                     type(*m.key);
                     out += ": ";
                     type(*m.value);
                     out += "}";
                   },
                   [&](const OptionalType& o) {
                     out += "(optional ";
                     type(*o.inner);
                     out += ')';
                   },
                   [&](const UnionType& u) {
                     out += "(union";
                     for (const Expr* e : u.literals) {
                       out += ' ';
                       expr(*e);
                     }
                     out += ')';
                   },
                   [&](const RecordType& r) {
                     out += "(record-type";
                     for (const SchemaMember* m : r.members) {
                       out += ' ';
                       member(*m);
                     }
                     out += ')';
                   },
               },
               t.node);
    for (const Constraint& c : t.constraints) {
      switch (c.kind) {
        case ConstraintKind::In: out += " (in "; expr(*c.bounds); break;
        case ConstraintKind::Len: out += " (len "; expr(*c.bounds); break;
        case ConstraintKind::Matches: out += " (matches "; str(c.regex); break;
      }
      out += ')';
    }
    if (!t.constraints.empty()) out += ')';
  }

  void params(const std::vector<Param>& ps) {
    out += '(';
    for (std::size_t i = 0; i < ps.size(); ++i) {
      if (i) out += ' ';
      out += '(';
      name(ps[i].name);
      out += ' ';
      type(*ps[i].type);
      if (ps[i].default_value) opt_expr(ps[i].default_value);
      out += ')';
    }
    out += ')';
  }

  void fn(const FnDecl& f) {
    out += "(fn ";
    name(f.name);
    out += ' ';
    params(f.params);
    out += ' ';
    type(*f.result);
    out += ' ';
    expr(*f.body);
    out += ')';
  }

  void check(const CheckDecl& c) {
    out += "(check ";
    if (c.name.sym.valid()) {
      name(c.name);
      out += ' ';
      params(c.params);
      out += ' ';
    }
    expr(*c.cond);
    out += ' ';
    expr(*c.message);
    out += ')';
  }

  void member(const SchemaMember& m) {
    std::visit(overloaded{
                   [&](const FieldDecl& f) {
                     out += "(field ";
                     name(f.name);
                     out += ' ';
                     type(*f.type);
                     if (f.default_value) opt_expr(f.default_value);
                     doc(m.doc);
                     out += ')';
                   },
                   [&](const CheckDecl& c) { check(c); },
                   [&](const FnDecl& f) { fn(f); },
               },
               m.node);
  }

  void decl(const Decl& d) {
    std::visit(overloaded{
                   [&](const ImportDecl& i) {
                     out += "(import ";
                     expr(*i.path);
                     if (i.alias.sym.valid()) {
                       out += " as ";
                       name(i.alias);
                     }
                     out += ')';
                   },
                   [&](const LetDecl& l) {
                     out += "(let ";
                     name(l.name);
                     if (l.type) {
                       out += ' ';
                       type(*l.type);
                     }
                     out += ' ';
                     expr(*l.value);
                     out += ')';
                   },
                   [&](const TypeDecl& t) {
                     out += "(type ";
                     name(t.name);
                     out += ' ';
                     type(*t.type);
                     out += ')';
                   },
                   [&](const EnumDecl& e) {
                     out += "(enum ";
                     name(e.name);
                     for (const EnumCase& c : e.cases) {
                       out += ' ';
                       name(c.name);
                       if (!c.doc.empty()) {
                         out += " (doc ";
                         str(c.doc);
                         out += ')';
                       }
                     }
                     out += ')';
                   },
                   [&](const SchemaDecl& s) {
                     out += "(schema ";
                     name(s.name);
                     if (!s.extends.empty()) {
                       out += " extends ";
                       qname(s.extends);
                     }
                     for (const SchemaMember* m : s.members) {
                       out += "\n  ";
                       member(*m);
                     }
                     out += ')';
                   },
                   [&](const FnDecl& f) { fn(f); },
                   [&](const CheckDecl& c) { check(c); },
                   [&](const EnvDecl& e) {
                     out += e.abstract_ ? "(abstract-env " : "(env ";
                     name(e.name);
                     if (e.parent.sym.valid()) {
                       out += " amends ";
                       name(e.parent);
                     } else {
                       out += " : ";
                       qname(e.schema);
                     }
                     for (const Entry* en : e.body) {
                       out += "\n  ";
                       entry(*en);
                     }
                     out += ')';
                   },
                   [&](const OutputDecl& o) {
                     out += "(output";
                     entries(o.entries);
                     out += ')';
                   },
               },
               d.node);
    doc(d.doc);
  }

  const base::Interner& names_;
};

}  // namespace

std::string dump(const File& file, const base::Interner& names) {
  Dumper d(names);
  d.file(file);
  return std::move(d.out);
}

}  // namespace strata::ast
