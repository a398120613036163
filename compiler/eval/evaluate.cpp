#include "eval/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "base/did_you_mean.hpp"
#include "base/utf8.hpp"
#include "eval/builtins.hpp"
#include "eval/value_text.hpp"

namespace strata::eval {

using sema::TypeInfo;
using sema::TypeKind;

const Value* Map::find(std::string_view key) const {
  auto it = std::lower_bound(entries.begin(), entries.end(), key,
                             [](const auto& e, std::string_view k) { return e.first < k; });
  return it != entries.end() && it->first == key ? &it->second : nullptr;
}

const Value* Record::find(base::Symbol name) const {
  for (const auto& [n, v] : fields)
    if (n == name) return &v;
  return nullptr;
}

std::string_view ValueArena::text(std::string_view s) {
  return s.empty() ? std::string_view() : std::string_view(arena_.copy_array(s.data(), s.size()), s.size());
}
const List* ValueArena::list(std::span<const Value> items) {
  return arena_.make<List>(List{{arena_.copy_array(items.data(), items.size()), items.size()}});
}
const Map* ValueArena::map(std::span<const MapEntry> entries) {
  return arena_.make<Map>(Map{{arena_.copy_array(entries.data(), entries.size()), entries.size()}});
}
const Record* ValueArena::record(const sema::SchemaInfo* schema, std::span<const Field> fields) {
  return arena_.make<Record>(Record{schema, {arena_.copy_array(fields.data(), fields.size()), fields.size()}});
}
const SecretRef* ValueArena::secret(std::string_view name, std::string_view key) {
  return arena_.make<SecretRef>(SecretRef{text(name), text(key)});
}

Value make_string(ValueArena& arena, std::string_view s, Origin o) { return Value{StrV{arena.text(s)}, o}; }

namespace {

Value error_value(Origin o = {}) { return Value{ErrorV{}, o}; }

// A local binding; frames form a linked list from the innermost scope out.
struct Frame {
  const Frame* parent = nullptr;
  base::Symbol name;
  Value value;
};

// n value-initialised Ts: on the C++ stack when n <= N (a call's arguments,
// almost always), else on the heap. The hot paths allocate nothing.
template <typename T, std::size_t N>
class Scratch {
 public:
  explicit Scratch(std::size_t n) : n_(n) {
    if (n > N) heap_.resize(n);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  T& operator[](std::size_t i) { return data()[i]; }
  std::span<const T> span() { return {data(), n_}; }

 private:
  T* data() { return n_ > N ? heap_.data() : local_.data(); }
  std::array<T, N> local_{};
  std::vector<T> heap_;
  std::size_t n_;
};

struct EnvInst;
struct RecordBuilder;

// What an expression is evaluated in.
struct Ctx {
  const sema::Module* module = nullptr;
  const Frame* locals = nullptr;
  bool env_body = false;                  // an env body: the env being evaluated has its root fields in scope
  RecordBuilder* self_builder = nullptr;  // a schema default: sibling fields are in scope
  const Record* self_record = nullptr;    // a schema function or check: the record's fields are in scope
  std::uint16_t layer = Origin::kNoLayer;
};

}  // namespace

// A lazily evaluated definition: the merge of what env layers (or a record
// literal) wrote at one path.
struct DefNode {
  // leaf
  const ast::Expr* expr = nullptr;
  Ctx ctx;
  // record node
  bool is_record = false;
  const ast::Expr* type_expr = nullptr;  // `p.Service` of `p.Service { ... }`
  Ctx type_ctx;
  std::vector<std::pair<std::string, DefNode*>> children;
  std::vector<base::Range> child_key_ranges;
  std::vector<base::FileId> child_key_files;
  // overrides under a leaf, applied after it is evaluated
  struct Patch {
    std::vector<std::string> path;
    DefNode* node;
    base::Location key;
  };
  std::vector<Patch> patches;
  base::Location loc;  // where it was (last) written
  std::uint16_t layer = Origin::kNoLayer;
  // The env build that may change this node; an overlay copies the nodes of
  // its parent's tree only along the paths it sets, and shares the rest.
  std::uint32_t owner = 0;

  // Children by key, once there are many (a map of a thousand services).
  std::unordered_map<std::string, DefNode*> index;

  DefNode* child(std::string_view key) {
    if (!index.empty()) {
      auto it = index.find(std::string(key));
      return it == index.end() ? nullptr : it->second;
    }
    for (auto& [k, n] : children)
      if (k == key) return n;
    return nullptr;
  }
  void add_child(std::string key, DefNode* n, base::Range key_range, base::FileId file) {
    if (!index.empty()) {
      index.emplace(key, n);
    } else if (children.size() == 8) {
      for (auto& [k, c] : children) index.emplace(k, c);
      index.emplace(key, n);
    }
    children.emplace_back(std::move(key), n);
    child_key_ranges.push_back(key_range);
    child_key_files.push_back(file);
  }
  void replace_child(DefNode* old_node, DefNode* new_node) {
    for (auto& [k, n] : children)
      if (n == old_node) {
        n = new_node;
        if (!index.empty()) index[k] = new_node;
      }
  }
  void clear_children() {
    children.clear();
    child_key_ranges.clear();
    child_key_files.clear();
    index.clear();
  }
};

namespace {

struct FieldState {
  enum State : std::uint8_t { Pending, Busy, Done } state = Pending;
  // Set when Done, not made before: a builder's array is reused for every
  // record, and making a Value for each field of its schema first cost more
  // than most records (few of a Kubernetes schema's fields are set).
  union {
    Value value;
  };
  FieldState() {}
};

// Builds a record of a schema from a definition node, field by field, so
// that defaults can read sibling fields (`max: int = min * 2`).
// Spare arrays for record builders: a builder takes its arrays from here and
// gives them back, so that building a record allocates nothing once warm.
struct BuilderPool {
  std::vector<std::vector<FieldState>> fields;
  std::vector<std::vector<DefNode*>> written;
  std::vector<std::vector<const ast::Expr*>> exprs;

  template <typename T>
  static std::vector<T> take(std::vector<std::vector<T>>& spare) {
    if (spare.empty()) return {};
    std::vector<T> v = std::move(spare.back());
    spare.pop_back();
    return v;
  }
  template <typename T>
  static void give(std::vector<std::vector<T>>& spare, std::vector<T>& v) {
    if (v.capacity() == 0) return;
    v.clear();
    spare.push_back(std::move(v));
  }
};

struct RecordBuilder {
  RecordBuilder(const sema::SchemaInfo* s, DefNode* n, std::uint16_t l, BuilderPool* p = nullptr)
      : schema(s), node(n), layer(l), pool(p) {
    if (!pool) return;
    fields = BuilderPool::take(pool->fields);
    written = BuilderPool::take(pool->written);
    written_expr = BuilderPool::take(pool->exprs);
  }
  ~RecordBuilder() {
    if (!pool) return;
    BuilderPool::give(pool->fields, fields);
    BuilderPool::give(pool->written, written);
    BuilderPool::give(pool->exprs, written_expr);
  }
  RecordBuilder(const RecordBuilder&) = delete;
  RecordBuilder& operator=(const RecordBuilder&) = delete;
  /// Every field pending, for the schema's fields.
  void reset_fields() {
    fields.clear();
    fields.resize(schema->fields.size());
  }
  const sema::SchemaInfo* schema;
  DefNode* node;
  std::vector<FieldState> fields;
  std::uint16_t layer;
  std::vector<DefNode*> written;  // per field: the node that sets it, if any
  // A record literal built directly: per field, the expression that sets it.
  std::vector<const ast::Expr*> written_expr;
  // A record built again (a path set into it): per field, the value written
  // before or by the path; null for the fields computed anew.
  std::vector<const Value*> preset;
  const Ctx* expr_ctx = nullptr;
  // A record an abstract env writes: a required field it leaves unset is
  // absent (each env that amends it and is not abstract must set it).
  bool allow_missing = false;
  BuilderPool* pool;  // where the arrays above come from and go back to; null: their own
};

struct EnvInst {
  const ast::EnvDecl* decl = nullptr;
  const sema::Module* module = nullptr;
  std::string name;
  const sema::SchemaInfo* schema = nullptr;
  bool abstract_ = false;
  DefNode* root = nullptr;
  bool tree_busy = false, tree_failed = false;
  std::unique_ptr<RecordBuilder> builder;
  std::vector<const ast::EnvDecl*> layers;
  enum State { Pending, Busy, Done } state = Pending;
  EnvValue result;
};

}  // namespace

class Evaluator {
 public:
  Evaluator(sema::Program& program, const base::Interner& names, base::DiagSink& sink)
      : program_(program), names_(names), sink_(sink), types_(names, sink) {
    if (program_.entry)
      for (const ast::Decl* d : program_.entry->ast.decls)
        if (const auto* e = std::get_if<ast::EnvDecl>(&d->node)) {
          auto inst = std::make_unique<EnvInst>();
          inst->decl = e;
          inst->module = program_.entry;
          inst->name = std::string(names_.str(e->name.sym));
          inst->abstract_ = e->abstract_;
          envs_.push_back(std::move(inst));
        }
  }

  sema::TypeTable& types() { return types_; }

  std::vector<std::string> env_names() const {
    std::vector<std::string> out;
    for (const auto& e : envs_) out.push_back(e->name);
    return out;
  }

  const EnvValue* env(std::string_view name) {
    for (auto& e : envs_)
      if (e->name == name) {
        force_env(*e);
        return &e->result;
      }
    return nullptr;
  }

  void check_all(const std::function<void(const OutputItem&)>& on_output) {
    if (!program_.entry) return;
    on_output_ = &on_output;
    // Types of every schema and alias, so that their errors are reported even when unused.
    for (const auto& m : program_.modules)
      for (const auto& [id, ent] : m->names) types_.type_of(ent);
    for (const auto& m : program_.modules)
      for (const ast::Decl* d : m->ast.decls)
        if (const auto* c = std::get_if<ast::CheckDecl>(&d->node)) check_top_check(*c, *m);
    for (auto& e : envs_) force_env(*e);
    for (const auto& m : program_.modules)
      for (const auto& [id, ent] : m->names)
        if (ent.kind == sema::EntityKind::Let) top_let(ent);
    for (const ast::Decl* d : program_.entry->ast.decls)
      if (const auto* o = std::get_if<ast::OutputDecl>(&d->node)) output(*o);
    on_output_ = nullptr;
  }

 private:
  // ------------------------------------------------------------ reporting

  base::Diagnostic* report(base::DiagKind kind, base::Location loc, std::string msg) {
    // The same problem found again (in another env built on the same base) is
    // reported once.
    auto key = std::make_tuple(static_cast<int>(kind), loc.file, loc.range.begin, loc.range.end, msg);
    if (!reported_.insert(key).second) return nullptr;
    return &sink_.report(kind, loc, std::move(msg));
  }
  static void note(base::Diagnostic* d, base::Location loc, std::string msg) {
    if (d) d->notes.push_back({loc, std::move(msg)});
  }
  base::Location loc_of(const Ctx& c, const ast::Expr* e) const { return {c.module ? c.module->file : base::kNoFile, e->range}; }
  static base::Location loc_of(const Origin& o) { return {o.file, o.range}; }
  Origin origin(const Ctx& c, const ast::Expr* e) const {
    return Origin{c.module ? c.module->file : base::kNoFile, e->range, c.layer};
  }
  void env_note(base::Diagnostic* d) {
    if (d && current_env_) note(d, {}, fmt::format("in env `{}`", current_env_->name));
  }

  std::string str(base::Symbol s) const { return std::string(names_.str(s)); }

  // Counts one step; false once the budget is spent (or evaluation was
  // stopped). The first caller with a place to point at reports it.
  bool step() {
    if (aborted_) return false;
    if (++steps_ > kMaxSteps) {
      aborted_ = true;
      budget_spent_ = true;
      return false;
    }
    return true;
  }
  void report_budget(base::Location at) {
    if (!budget_spent_ || budget_reported_) return;
    budget_reported_ = true;
    auto* d = report(base::DiagKind::StepBudgetExceeded, at,
                     fmt::format("evaluation took more than {} steps and was stopped here; is this a comprehension "
                                 "over a huge range, or a function that calls itself without end?",
                                 kMaxSteps));
    env_note(d);
  }

  // ------------------------------------------------------------ envs

  // The definition tree of env e: its parent's tree (shared, copied only
  // along the paths this env sets), then this env's body.
  DefNode* build_env_def(EnvInst& inst) {
    if (inst.root || inst.tree_failed) return inst.root;
    if (inst.tree_busy) {
      report(base::DiagKind::CyclicEnv, {inst.module->file, inst.decl->name.range},
             fmt::format("env `{}` amends itself through a chain of `amends`", inst.name));
      inst.tree_failed = true;
      return nullptr;
    }
    inst.tree_busy = true;
    Pool persistent(*this, true);
    DefNode* root = nullptr;
    if (!inst.decl->schema.empty()) {
      const sema::Entity* se = sema::find_entity(*inst.module, inst.decl->schema);
      inst.schema = se ? types_.schema(*se) : nullptr;
      if (!inst.schema && se)
        report(base::DiagKind::NotASchema, {inst.module->file, inst.decl->schema.back().range},
               fmt::format("an env is typed by a schema, and `{}` is not one", str(inst.decl->schema.back().sym)));
      if (inst.schema) {
        inst.layers = {inst.decl};
        root = new_node();
        root->is_record = true;
      }
    } else {
      const sema::Entity* p = sema::find_entity(*inst.module, inst.decl->parent.sym);
      EnvInst* parent = p && p->kind == sema::EntityKind::Env ? env_inst(&std::get<ast::EnvDecl>(p->decl->node)) : nullptr;
      if (p && !parent)
        report(base::DiagKind::TypeMismatch, {inst.module->file, inst.decl->parent.range},
               fmt::format("`{}` is not an env of this module", str(inst.decl->parent.sym)));
      DefNode* base_tree = parent ? build_env_def(*parent) : nullptr;
      if (base_tree) {
        inst.schema = parent->schema;
        inst.layers = parent->layers;
        inst.layers.push_back(inst.decl);
        root = clone(base_tree);
      }
    }
    inst.tree_busy = false;
    if (!root) {
      inst.tree_failed = true;
      return nullptr;
    }
    root->loc = {inst.module->file, inst.decl->name.range};
    std::uint32_t saved = build_;
    build_ = ++builds_;
    root->owner = build_;
    Ctx c;
    c.module = inst.module;
    c.env_body = true;
    c.layer = static_cast<std::uint16_t>(inst.layers.size() - 1);
    apply_entries(root, inst.decl->body, c);
    build_ = saved;
    inst.root = root;
    return root;
  }

  DefNode* clone(const DefNode* n) {
    pool_->push_back(std::make_unique<DefNode>(*n));
    DefNode* copy = pool_->back().get();
    copy->owner = build_;
    return copy;
  }

  // The child at key of an owned node, itself made owned by this build.
  DefNode* owned_child(DefNode* parent, std::string_view key) {
    DefNode* c = parent->child(key);
    if (!c || c->owner == build_) return c;
    DefNode* copy = clone(c);
    parent->replace_child(c, copy);
    return copy;
  }

  // Lays src's entries over dst (a node of the current temporary pool):
  // records merge field by field, anything else replaces.
  void merge_into(DefNode* dst, DefNode* src) {
    for (std::size_t i = 0; i < src->children.size(); ++i) {
      const auto& [k, n] = src->children[i];
      DefNode* d = dst->child(k);
      if (d && d->is_record && n->is_record && !n->type_expr) merge_into(d, n);
      else if (d) dst->replace_child(d, n);
      else dst->add_child(k, n, src->child_key_ranges[i], src->child_key_files[i]);
    }
    dst->patches.insert(dst->patches.end(), src->patches.begin(), src->patches.end());
    dst->loc = src->loc;
    dst->layer = src->layer;
  }

  // Copies the frames of a scope chain down to `stop` (which already lives
  // long enough) into storage that lasts as long as the evaluation.
  const Frame* persist(const Frame* f, const Frame* stop) {
    if (f == stop || !f) return f;
    const Frame* parent = persist(f->parent, stop);
    kept_frames_.push_back(Frame{parent, f->name, f->value});
    return &kept_frames_.back();
  }

  DefNode* new_node() {
    pool_->push_back(std::make_unique<DefNode>());
    pool_->back()->owner = build_;
    return pool_->back().get();
  }

  // Where new definition nodes go: the evaluation's own pool for env trees,
  // or a temporary one for a record literal, freed once its value is built.
  struct Pool {
    Evaluator& ev;
    std::vector<std::unique_ptr<DefNode>>* saved;
    std::vector<std::unique_ptr<DefNode>> local;
    Pool(Evaluator& e, bool persistent) : ev(e), saved(e.pool_) { ev.pool_ = persistent ? &ev.nodes_ : &local; }
    ~Pool() { ev.pool_ = saved; }
  };

  std::string key_text(const ast::Key& k, const Ctx& c) {
    if (const auto* id = std::get_if<ast::Ident>(&k.expr->node)) return str(id->name);
    Value v = eval(k.expr, c, types_.builtin(TypeKind::String));
    const std::string_view* s = v.str();
    return s ? std::string(*s) : std::string();
  }

  // Applies entries (`a.b = v`, `for` blocks) to a record node.
  void apply_entries(DefNode* node, const std::vector<ast::Entry*>& entries, const Ctx& c) {
    for (const ast::Entry* e : entries) {
      if (e->for_) {
        // The entries' values are evaluated later, lazily: their loop
        // variables must outlive the loop.
        for_each(e->for_->clause, c, [&](const Ctx& inner) {
          Ctx kept = inner;
          kept.locals = persist(inner.locals, c.locals);
          apply_entries(node, e->for_->body, kept);
        });
        continue;
      }
      DefNode* cur = node;
      std::vector<std::string> path;
      for (const ast::Key& k : e->path) path.push_back(key_text(k, c));
      base::Location key_loc{c.module->file, e->path.back().range};
      for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        if (!cur->is_record) {  // a path through a value: override inside it once it is known
          std::vector<std::string> rest(path.begin() + static_cast<std::ptrdiff_t>(i), path.end());
          DefNode* leaf = new_node();
          set_value(leaf, e->value, c);
          cur->patches.push_back({rest, leaf, key_loc});
          cur = nullptr;
          break;
        }
        DefNode* next = owned_child(cur, path[i]);
        if (!next) {
          next = new_node();
          next->is_record = true;
          next->loc = {c.module->file, e->path[i].range};
          next->layer = c.layer;
          cur->add_child(path[i], next, e->path[i].range, c.module->file);
        }
        cur = next;
      }
      if (!cur) continue;
      const std::string& last = path.back();
      DefNode* target = cur->is_record ? owned_child(cur, last) : nullptr;
      if (!cur->is_record) {
        DefNode* leaf = new_node();
        set_value(leaf, e->value, c);
        cur->patches.push_back({{last}, leaf, key_loc});
        continue;
      }
      if (!target) {
        target = new_node();
        cur->add_child(last, target, e->path.back().range, c.module->file);
      }
      set_value(target, e->value, c);
    }
  }

  // Sets a node from an expression: record literals merge field by field into
  // what is there; anything else replaces it.
  void set_value(DefNode* node, const ast::Expr* value, const Ctx& c) {
    const auto* rec = std::get_if<ast::RecordLit>(&value->node);
    node->loc = {c.module->file, value->range};
    node->layer = c.layer;
    if (rec) {
      if (rec->type || !node->is_record) {  // a typed construction replaces
        node->clear_children();
        node->patches.clear();
        node->expr = nullptr;
      }
      node->is_record = true;
      if (rec->type) {
        node->type_expr = rec->type;
        node->type_ctx = c;
      }
      apply_entries(node, rec->entries, c);
      return;
    }
    node->is_record = false;
    node->clear_children();
    node->patches.clear();
    node->type_expr = nullptr;
    node->expr = value;
    node->ctx = c;
  }

  void force_env(EnvInst& inst) {
    if (inst.state == EnvInst::Done) return;
    inst.result.name = inst.name;
    inst.result.decl = inst.decl;
    inst.result.module = inst.module;
    inst.result.abstract_ = inst.abstract_;
    if (inst.state == EnvInst::Busy) {
      report(base::DiagKind::CyclicValue, {inst.module->file, inst.decl->name.range},
             fmt::format("env `{}` is used while it is being evaluated", inst.name));
      inst.result.value = error_value();
      return;
    }
    inst.state = EnvInst::Busy;
    EnvInst* saved = current_env_;
    current_env_ = &inst;
    build_env_def(inst);
    inst.result.layers = inst.layers;
    if (!inst.root) {
      inst.result.value = error_value();
    } else {
      inst.builder = std::make_unique<RecordBuilder>(inst.schema, inst.root, 0);
      Value v = build_record(*inst.builder, Origin{inst.module->file, inst.decl->name.range, 0}, inst.abstract_);
      inst.result.value = v;
      if (const Record* r = v.record()) run_top_checks(v, *r, inst);
    }
    current_env_ = saved;
    inst.state = EnvInst::Done;
  }

  // A top-level check runs on the envs of its parameter's schema: one that
  // could never run is an error, not a check silently skipped.
  void check_top_check(const ast::CheckDecl& c, const sema::Module& m) {
    const base::Location at{m.file, c.name.range};
    if (c.params.size() != 1) {
      report(base::DiagKind::BadArguments, at,
             fmt::format("a top-level check takes one parameter, an env's schema (`check {}(e: Schema) = ...`), "
                         "not {}; this check would never run",
                         c.name.sym.valid() ? str(c.name.sym) : "name", c.params.size()));
      return;
    }
    const TypeInfo* pt = types_.resolve(*c.params[0].type, m);
    if (pt->kind != TypeKind::Schema && pt->kind != TypeKind::Any)  // Any: an unknown type, reported already
      report(base::DiagKind::NotASchema, {m.file, c.params[0].name.range},
             fmt::format("a top-level check runs on the envs of a schema, and `{}` is not one; this check would "
                         "never run",
                         pt->name));
  }

  // Top-level `check name(e: Schema) = cond : "message"` applies to every env of that schema.
  void run_top_checks(const Value& v, const Record& r, EnvInst& inst) {
    for (const auto& m : program_.modules)
      for (const ast::Decl* d : m->ast.decls) {
        const auto* c = std::get_if<ast::CheckDecl>(&d->node);
        if (!c || c->params.size() != 1) continue;
        const TypeInfo* pt = types_.resolve(*c->params[0].type, *m);
        if (pt->kind != TypeKind::Schema || !r.schema || !r.schema->is_a(pt->schema)) continue;
        Frame f{nullptr, c->params[0].name.sym, v};
        Ctx ctx;
        ctx.module = m.get();
        ctx.locals = &f;
        Value ok = eval(c->cond, ctx, types_.builtin(TypeKind::Bool));
        if (const bool* b = ok.get<bool>(); b && !*b) {
          report_failed_check({inst.module->file, inst.decl->name.range}, fmt::format("check `{}`", str(c->name.sym)),
                              *c, ctx);
        }
      }
  }

  // ------------------------------------------------------------ collections

  // The list of the values pushed on value_stack_ since start, which it pops.
  const List* collect_list(std::size_t start) {
    const List* list = arena_.list(std::span(value_stack_).subspan(start));
    value_stack_.resize(start);
    return list;
  }
  // The map of entries in the order they were made, a later entry of a key
  // replacing an earlier one.
  const Map* sorted_map(std::vector<MapEntry>& entries) {
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (kept > 0 && entries[kept - 1].first == entries[i].first) entries[kept - 1] = entries[i];
      else entries[kept++] = entries[i];
    }
    entries.resize(kept);
    return arena_.map(entries);
  }

  // ------------------------------------------------------------ records

  Value build_record(RecordBuilder& b, Origin o, bool allow_missing = false) {
    const sema::SchemaInfo* s = b.schema;
    b.allow_missing = allow_missing;
    b.reset_fields();
    b.written.assign(s->fields.size(), nullptr);
    const auto& index = field_index(s);
    // Match what is written to the fields; report what the schema does not have.
    for (std::size_t i = 0; i < b.node->children.size(); ++i) {
      const std::string& k = b.node->children[i].first;
      auto it = index.find(k);
      if (it != index.end()) {
        b.written[it->second] = b.node->children[i].second;
        continue;
      }
      std::vector<std::string_view> cands;
      for (const sema::FieldInfo& f : s->fields) cands.push_back(names_.str(f.name));
      auto* d = report(base::DiagKind::UnknownField, {b.node->child_key_files[i], b.node->child_key_ranges[i]},
                       fmt::format("`{}` has no field `{}`{}", s->name, k, base::did_you_mean(k, cands)));
      env_note(d);
    }
    return finish_record(b, o);
  }

  // Builds the record once its written fields are known: each field written,
  // defaulted or absent, then the schema's checks.
  Value finish_record(RecordBuilder& b, Origin o) {
    const sema::SchemaInfo* s = b.schema;
    // The fields are gathered on a stack shared by nested records, and the
    // record gets exactly the fields that are set: most fields of a
    // Kubernetes schema are optional and absent.
    const std::size_t start = field_stack_.size();
    bool failed = false;
    for (std::size_t i = 0; i < s->fields.size(); ++i) {
      // An optional field that is neither written nor defaulted is absent:
      // no need to ask (most fields of a Kubernetes schema are such).
      const sema::FieldInfo& f = s->fields[i];
      const bool written = !b.written.empty()        ? b.written[i] != nullptr
                           : !b.written_expr.empty() ? b.written_expr[i] != nullptr
                           : !b.preset.empty()       ? b.preset[i] != nullptr
                                                     : true;
      if (!written && !f.default_value && (f.type->kind == TypeKind::Optional || f.type->kind == TypeKind::Any))
        continue;
      Value v = field_value(b, i);
      if (v.is_error()) failed = true;
      if (!v.is_null()) field_stack_.emplace_back(s->fields[i].name, std::move(v));
    }
    const Record* rec = arena_.record(s, std::span(field_stack_).subspan(start));
    field_stack_.resize(start);
    Value out{rec, o};
    if (!failed) run_schema_checks(*rec, o);
    return out;
  }

  // The value of field i of the record being built: written, defaulted, or absent.
  Value field_value(RecordBuilder& b, std::size_t i) {
    const bool allow_missing = b.allow_missing;
    FieldState& fs = b.fields[i];
    const sema::FieldInfo& f = b.schema->fields[i];
    if (fs.state == FieldState::Done) return fs.value;
    if (fs.state == FieldState::Busy) {
      auto* d = report(base::DiagKind::CyclicValue, {f.module->file, f.range},
                       fmt::format("field `{}` depends on itself", str(f.name)));
      env_note(d);
      return error_value();
    }
    fs.state = FieldState::Busy;
    Value v;
    DefNode* child = !b.written.empty()                           ? b.written[i]
                     : !b.written_expr.empty() || !b.preset.empty() ? nullptr  // no tree
                     : b.node                                      ? b.node->child(names_.str(f.name))
                                                                   : nullptr;
    const ast::Expr* expr = b.written_expr.empty() ? nullptr : b.written_expr[i];
    const Value* preset = b.preset.empty() ? nullptr : b.preset[i];
    bool defaulted = false;
    if (preset) {
      v = *preset;
    } else if (expr) {
      v = coerce(eval(expr, *b.expr_ctx, f.type), f.type, expr->range, *b.expr_ctx);
    } else if (child && child->is_record && !child->type_expr && f.default_value &&
               std::holds_alternative<ast::RecordLit>(f.default_value->node)) {
      // Paths set into a field whose default is a record literal start from
      // that default: `pool.max = 20` keeps the default's `min`.
      Pool temporary(*this, false);
      Ctx dc;
      dc.module = f.module;
      dc.self_builder = &b;
      DefNode* merged = new_node();
      set_value(merged, f.default_value, dc);
      merge_into(merged, child);
      v = force_node(merged, f.type, allow_missing);
    } else if (child) {
      v = force_node(child, f.type, allow_missing);
    } else if (f.default_value) {
      Ctx c;
      c.module = f.module;
      c.self_builder = &b;
      v = eval(f.default_value, c, f.type);
      v = coerce(v, f.type, f.default_value->range, c);
      defaulted = true;
    } else if (f.type->kind == TypeKind::Optional || f.type->kind == TypeKind::Any) {
      v = Value{Null{}, {}};
    } else if (defaultable(f.type)) {
      // A record whose fields all have defaults needs no value: `{}` it is.
      DefNode* empty = new_node();
      empty->is_record = true;
      empty->loc = {f.module->file, f.range};
      v = force_node(empty, f.type);
      defaulted = true;
    } else if (allow_missing) {
      v = Value{Null{}, {}};
    } else {
      auto* d = report(base::DiagKind::MissingField, b.node->loc,
                       fmt::format("`{}` requires the field `{}`, which is not set", b.schema->name, str(f.name)));
      note(d, {f.module->file, f.range}, fmt::format("`{}` is declared here, without a default", str(f.name)));
      env_note(d);
      v = error_value();
    }
    // A value copied from a field that was defaulted elsewhere is written here.
    v.origin.defaulted = defaulted;
    b.fields[i].state = FieldState::Done;
    b.fields[i].value = v;
    return v;
  }

  // `T { a = 1, b = 2 }` (or an untyped literal where a schema is expected)
  // with plain field names only: built straight from the expressions, with no
  // definition tree. Returns false when the literal needs the general path.
  bool direct_record(const ast::RecordLit& r, const sema::SchemaInfo* s, const Ctx& c, Origin o, Value& out) {
    for (const ast::Entry* e : r.entries)
      if (e->for_ || e->path.size() != 1 || !std::holds_alternative<ast::Ident>(e->path[0].expr->node)) return false;
    RecordBuilder b(s, nullptr, c.layer, &builder_pool_);
    b.reset_fields();
    b.written_expr.assign(s->fields.size(), nullptr);
    b.expr_ctx = &c;
    const auto& slots = field_slots(s);
    for (const ast::Entry* e : r.entries) {
      const base::Symbol name = std::get<ast::Ident>(e->path[0].expr->node).name;
      auto it = std::lower_bound(slots.begin(), slots.end(), std::make_pair(name.id, std::size_t{0}));
      if (it != slots.end() && it->first == name.id) {
        b.written_expr[it->second] = e->value;  // a later entry wins, as in the general path
        continue;
      }
      std::string_view k = names_.str(name);
      std::vector<std::string_view> cands;
      for (const sema::FieldInfo& f : s->fields) cands.push_back(names_.str(f.name));
      auto* d = report(base::DiagKind::UnknownField, {c.module->file, e->path[0].range},
                       fmt::format("`{}` has no field `{}`{}", s->name, k, base::did_you_mean(k, cands)));
      env_note(d);
    }
    base::Location loc{o.file, o.range};
    DefNode where;  // only its location, for "required field not set"
    where.loc = loc;
    b.node = &where;
    out = finish_record(b, o);
    return true;
  }

  // `{ app = name, "kubernetes.io/name" = name }` where a map is expected (or
  // any value): built straight from the expressions, with no definition
  // tree, as most label and selector maps are. Returns false, having
  // evaluated nothing, when the literal needs the general path: a `for`
  // block, a path `a.b`, a computed or repeated key.
  bool direct_map(const ast::RecordLit& r, const TypeInfo* want, const Ctx& c, Origin o, Value& out) {
    constexpr std::size_t kMaxEntries = 16;  // repeated keys are looked for pair by pair
    if (r.entries.size() > kMaxEntries) return false;
    const std::size_t start = map_stack_.size();
    for (const ast::Entry* e : r.entries) {
      std::string_view key;
      bool plain = !e->for_ && e->path.size() == 1;
      if (plain) {
        const ast::Expr* k = e->path[0].expr;
        if (const auto* id = std::get_if<ast::Ident>(&k->node)) key = names_.str(id->name);
        else if (const auto* lit = std::get_if<ast::StringLit>(&k->node); lit && lit->parts.size() == 1 && !lit->parts[0].expr)
          key = lit->parts[0].text;  // the syntax tree outlives the evaluation
        else plain = false;
      }
      for (std::size_t i = start; plain && i < map_stack_.size(); ++i) plain = map_stack_[i].first != key;
      if (!plain) {
        map_stack_.resize(start);
        return false;
      }
      map_stack_.emplace_back(key, Value{});
    }
    const TypeInfo* vt = want && want->kind == TypeKind::Map ? want->value : types_.builtin(TypeKind::Any);
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
      const ast::Expr* v = r.entries[i]->value;
      Value item = coerce(eval(v, c, vt), vt, v->range, c);
      map_stack_[start + i].second = item;  // nested maps grew and shrank the stack: index it anew
    }
    auto slice = std::span(map_stack_).subspan(start);
    std::sort(slice.begin(), slice.end(), [](const MapEntry& a, const MapEntry& b) { return a.first < b.first; });
    out = Value{arena_.map(slice), o};
    map_stack_.resize(start);
    if (want && want->kind == TypeKind::Map) out = check_constraints(out, want, o, Ctx{});
    return true;
  }
  std::vector<MapEntry> map_stack_;  // direct_map's entries, shared by nested maps

  // A schema's field indexes by interned name, sorted (built once per schema).
  const std::vector<std::pair<std::uint32_t, std::size_t>>& field_slots(const sema::SchemaInfo* s) {
    auto& slots = field_slots_[s];
    if (slots.empty() && !s->fields.empty()) {
      for (std::size_t i = 0; i < s->fields.size(); ++i) slots.emplace_back(s->fields[i].name.id, i);
      std::sort(slots.begin(), slots.end());
    }
    return slots;
  }
  std::unordered_map<const sema::SchemaInfo*, std::vector<std::pair<std::uint32_t, std::size_t>>> field_slots_;

  // A schema's field indexes by name (built once per schema).
  const std::unordered_map<std::string_view, std::size_t>& field_index(const sema::SchemaInfo* s) {
    auto& idx = field_indexes_[s];
    if (idx.empty())
      for (std::size_t i = 0; i < s->fields.size(); ++i) idx.emplace(names_.str(s->fields[i].name), i);
    return idx;
  }
  std::unordered_map<const sema::SchemaInfo*, std::unordered_map<std::string_view, std::size_t>> field_indexes_;

  // True for a schema type whose every field has a default or may be absent.
  static bool defaultable(const TypeInfo* t, int depth = 0) {
    if (t->kind != TypeKind::Schema || depth > 16) return false;
    for (const sema::FieldInfo& f : t->schema->fields)
      if (!f.default_value && f.type->kind != TypeKind::Optional && f.type->kind != TypeKind::Any &&
          !defaultable(f.type, depth + 1))
        return false;
    return true;
  }

  void run_schema_checks(const Record& r, Origin o) {
    if (!r.schema) return;
    for (const auto& [c, m] : r.schema->checks) {
      Ctx ctx;
      ctx.module = m;
      ctx.self_record = &r;
      Value ok = eval(c->cond, ctx, types_.builtin(TypeKind::Bool));
      const bool* b = ok.get<bool>();
      if (!b || *b) continue;
      env_note(report_failed_check(loc_of(o), fmt::format("check of `{}`", r.schema->name), *c, ctx));
    }
  }

  // A failed check's message: a string, or a list of strings whose first is
  // the message. Each further string made by `at(v, text)` becomes a note
  // where v was set; the others are lines of the message.
  struct CheckMessage {
    std::string text;
    std::vector<base::Note> notes;
  };
  CheckMessage check_message(const ast::CheckDecl& c, const Ctx& ctx) {
    Value v = eval(c.message, ctx, nullptr);
    CheckMessage out;
    if (const std::string_view* s = v.str()) {
      out.text = *s;
    } else if (const List* l = v.list()) {
      for (std::size_t i = 0; i < l->items.size(); ++i) {
        const Value& item = l->items[i];
        const std::string_view* s = item.str();
        if (!s) {
          if (!item.is_error())
            report_type(loc_of(ctx, c.message), fmt::format("a check's message is a string or a list of strings, "
                                                             "and element {} is {}", i, describe(item)));
          continue;
        }
        if (i > 0 && item.origin.pinned) {
          // The same place named twice (a service in several lines) is one note.
          base::Note n{loc_of(item.origin), std::string(*s)};
          auto same = [&](const base::Note& m) {
            return m.loc.file == n.loc.file && m.loc.range.begin == n.loc.range.begin && m.message == n.message;
          };
          if (std::none_of(out.notes.begin(), out.notes.end(), same)) out.notes.push_back(std::move(n));
        } else {
          out.text += i == 0 ? "" : "\n  ";
          out.text += *s;
        }
      }
    } else if (!v.is_error()) {
      report_type(loc_of(ctx, c.message),
                  fmt::format("a check's message is a string or a list of strings, not {}", describe(v)));
    }
    return out;
  }
  // Reports check `c` (of the module of `ctx`) as failed at `at`: "<what>
  // failed: <message>", the message's notes, and where the check is declared.
  base::Diagnostic* report_failed_check(base::Location at, std::string what, const ast::CheckDecl& c,
                                        const Ctx& ctx) {
    CheckMessage msg = check_message(c, ctx);
    auto* d = report(base::DiagKind::CheckFailed, at,
                     fmt::format("{} failed{}{}", what, msg.text.empty() ? "" : ": ", msg.text));
    if (d) d->notes.insert(d->notes.end(), std::make_move_iterator(msg.notes.begin()),
                           std::make_move_iterator(msg.notes.end()));
    note(d, {ctx.module->file, c.cond->range}, "the check is declared here");
    return d;
  }

  // Evaluates a definition node with an expected type.
  // The value of a definition node, of type t; `allow_missing`: the node is
  // part of an abstract env's tree, whose records may leave required fields unset.
  Value force_node(DefNode* node, const TypeInfo* t, bool allow_missing = false) {
    if (!step()) return error_value();
    const TypeInfo* inner = t->kind == TypeKind::Optional ? t->elem : t;
    Value v;
    if (!node->is_record) {
      v = eval(node->expr, node->ctx, t);
      if (!node->patches.empty()) v = apply_patches(v, node->patches);
      return coerce(v, t, node->expr->range, node->ctx);
    }
    Origin o{node->loc.file, node->loc.range, node->layer};
    const sema::SchemaInfo* schema = inner->kind == TypeKind::Schema ? inner->schema : nullptr;
    if (node->type_expr) {
      Value tv = eval(node->type_expr, node->type_ctx, nullptr);
      const TypeV* ty = tv.get<TypeV>();
      if (!ty || !ty->schema) {
        if (!tv.is_error())
          report(base::DiagKind::NotASchema, loc_of(node->type_ctx, node->type_expr),
                 "only a schema can be constructed with `Name { ... }`");
        return error_value(o);
      }
      if (schema && !ty->schema->is_a(schema)) {
        auto* d = report(base::DiagKind::TypeMismatch, loc_of(node->type_ctx, node->type_expr),
                         fmt::format("expected `{}`, found `{}`", inner->name, ty->schema->name));
        env_note(d);
        return error_value(o);
      }
      schema = ty->schema;
    }
    if (schema) {
      RecordBuilder b(schema, node, node->layer, &builder_pool_);
      return check_constraints(build_record(b, o, allow_missing), t, o, Ctx{});
    }
    if (inner->kind == TypeKind::Map || inner->kind == TypeKind::Any || inner->kind == TypeKind::Scalar) {
      const TypeInfo* vt = inner->kind == TypeKind::Map ? inner->value : types_.builtin(TypeKind::Any);
      std::vector<MapEntry> entries;
      entries.reserve(node->children.size());
      for (auto& [k, child] : node->children) entries.emplace_back(arena_.text(k), force_node(child, vt, allow_missing));
      std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      Value out{arena_.map(entries), o};
      return inner->kind == TypeKind::Map ? check_constraints(out, t, o, Ctx{}) : out;
    }
    auto* d = report(base::DiagKind::TypeMismatch, node->loc, fmt::format("expected `{}`, found a record", t->name));
    env_note(d);
    return error_value(o);
  }

  // Overrides inside a value computed by an expression (`a.b = 1` where `a`
  // was set to a function's result).
  Value apply_patches(Value v, const std::vector<DefNode::Patch>& patches) {
    for (const DefNode::Patch& p : patches) v = set_path(v, p.path, 0, p);
    return v;
  }
  Value set_path(const Value& v, const std::vector<std::string>& path, std::size_t i, const DefNode::Patch& p) {
    if (v.is_error()) return v;
    const std::string& key = path[i];
    if (const Record* r = v.record()) {
      std::vector<Field> copy(r->fields.begin(), r->fields.end());
      const sema::FieldInfo* f = nullptr;
      if (r->schema)
        for (const sema::FieldInfo& fi : r->schema->fields)
          if (names_.str(fi.name) == key) f = &fi;
      if (r->schema && !f) {
        report(base::DiagKind::UnknownField, p.key, fmt::format("`{}` has no field `{}`", r->schema->name, key));
        return v;
      }
      // What the patch made of the record: a schema's record is built again,
      // its written fields kept, the patched one set, those that took their
      // defaults computed anew (`max: int = min * 5` follows `pool.min = 20`),
      // and its checks run, reported at the patch.
      auto checked = [&] {
        if (!r->schema) return Value{arena_.record(nullptr, copy), v.origin};
        RecordBuilder b(r->schema, nullptr, p.node->layer);
        b.reset_fields();
        b.preset.assign(r->schema->fields.size(), nullptr);
        const auto& slots = field_slots(r->schema);
        for (const Field& x : copy) {
          auto at = std::lower_bound(slots.begin(), slots.end(), std::make_pair(x.first.id, std::size_t{0}));
          if (!x.second.origin.defaulted && at != slots.end() && at->first == x.first.id) b.preset[at->second] = &x.second;
        }
        DefNode where;  // only its location, for messages
        where.loc = p.key;
        b.node = &where;
        Value rebuilt = finish_record(b, Origin{p.key.file, p.key.range, p.node->layer});
        rebuilt.origin = v.origin;
        return rebuilt;
      };
      // The patched field is written, whatever its new value was before.
      auto written = [](Value x) {
        x.origin.defaulted = false;
        return x;
      };
      for (auto& [n, fv] : copy)
        if (names_.str(n) == key) {
          fv = written(i + 1 == path.size() ? force_node(p.node, f ? f->type : types_.builtin(TypeKind::Any))
                                            : set_path(fv, path, i + 1, p));
          return checked();
        }
      if (i + 1 == path.size() && f) {
        copy.emplace_back(f->name, written(force_node(p.node, f->type)));
        return checked();
      }
    } else if (const Map* m = v.map()) {
      std::vector<MapEntry> copy(m->entries.begin(), m->entries.end());
      for (auto& [k, mv] : copy)
        if (k == key) {
          mv = i + 1 == path.size() ? force_node(p.node, types_.builtin(TypeKind::Any)) : set_path(mv, path, i + 1, p);
          return Value{arena_.map(copy), v.origin};
        }
    }
    report(base::DiagKind::UnknownField, p.key, fmt::format("there is no `{}` to set here", key));
    return v;
  }

  // ------------------------------------------------------------ top-level lets

  std::unordered_map<const ast::Decl*, std::pair<int, Value>> lets_;

  Value top_let(const sema::Entity& e) {
    auto& slot = lets_[e.decl];
    if (slot.first == 2) return slot.second;
    if (slot.first == 1) {
      report(base::DiagKind::CyclicValue, {e.module->file, e.name_range},
             fmt::format("`{}` depends on itself", str(std::get<ast::LetDecl>(e.decl->node).name.sym)));
      return error_value();
    }
    slot.first = 1;
    const auto& l = std::get<ast::LetDecl>(e.decl->node);
    Ctx c;
    c.module = e.module;
    const TypeInfo* t = l.type ? types_.resolve(*l.type, *e.module) : nullptr;
    EnvInst* saved = current_env_;
    current_env_ = nullptr;
    Value v = eval(l.value, c, t);
    if (t) v = coerce(v, t, l.value->range, c);
    current_env_ = saved;
    lets_[e.decl] = {2, v};
    return v;
  }

  // ------------------------------------------------------------ outputs

  void output(const ast::OutputDecl& o) {
    Ctx c;
    c.module = program_.entry;
    output_entries(o.entries, c);
  }
  void output_entries(const std::vector<ast::Entry*>& entries, const Ctx& c) {
    for (const ast::Entry* e : entries) {
      if (e->for_) {
        for_each(e->for_->clause, c, [&](const Ctx& inner) {
          // An output inside `for e in [dev, prod]` belongs to the env it is written for.
          std::size_t depth = output_envs_.size();
          for (const Frame* f = inner.locals; f && f != c.locals; f = f->parent)
            for (auto& inst : envs_)
              if (f->value.record() && inst->result.value.record() == f->value.record()) output_envs_.push_back(inst->name);
          output_entries(e->for_->body, inner);
          output_envs_.resize(depth);
        });
        continue;
      }
      OutputItem item;
      item.envs = output_envs_;
      bool ok = true;
      for (const ast::Key& k : e->path) {
        Value key;
        if (const auto* id = std::get_if<ast::Ident>(&k.expr->node)) key = stable_string(names_.str(id->name));
        else key = eval(k.expr, c, types_.builtin(TypeKind::String));
        const std::string_view* s = key.str();
        if (!s) {
          if (!key.is_error()) report_type(loc_of(c, k.expr), fmt::format("an output path is a string, not {}", describe(key)));
          ok = false;
          continue;
        }
        if (!item.path.empty()) item.path += '/';
        item.path += *s;
      }
      item.where = {c.module->file, {e->path.front().expr->range.begin, e->path.back().expr->range.end}};
      item.value = eval(e->value, c, nullptr);
      if (ok && !item.value.is_error()) {
        outputs_.push_back(std::move(item));
        if (on_output_ && *on_output_) (*on_output_)(outputs_.back());
      }
    }
  }

 public:
  std::vector<OutputItem> outputs_;
  const std::function<void(const OutputItem&)>* on_output_ = nullptr;  // check_all's
  std::vector<std::string> output_envs_;  // the envs of the enclosing output `for` blocks

 private:

 public:
  // ------------------------------------------------------------ expressions

  template <typename F>
  void for_each(const ast::ForClause& cl, const Ctx& c, F&& body) {
    Value it = eval(cl.iterable, c, nullptr);
    auto run = [&](const Value* key, const Value& val) {
      if (!step()) {
        report_budget(loc_of(c, cl.iterable));
        return false;
      }
      Frame fk{c.locals, cl.key.sym, key ? *key : Value{}};
      Frame fv{cl.key.sym.valid() ? &fk : c.locals, cl.value.sym, val};
      Ctx inner = c;
      inner.locals = &fv;
      if (cl.filter) {
        Value ok = eval(cl.filter, inner, types_.builtin(TypeKind::Bool));
        const bool* b = ok.get<bool>();
        if (!b && !ok.is_error()) {
          report_type(loc_of(c, cl.filter), fmt::format("a filter is a bool, not {}", describe(ok)));
          return false;
        }
        if (!b || !*b) return true;
      }
      body(inner);
      return true;
    };
    if (it.is_error()) return;
    if (const List* l = it.list()) {
      for (std::size_t i = 0; i < l->items.size(); ++i) {
        Value idx{static_cast<std::int64_t>(i), it.origin};
        if (!run(&idx, l->items[i])) return;
      }
    } else if (const Map* m = it.map()) {
      for (const auto& [k, v] : m->entries) {
        Value kv = stable_string(k, v.origin);
        if (!run(&kv, v)) return;
      }
    } else if (const RangeV* r = it.get<RangeV>(); r && !r->is_unit) {
      for (std::int64_t i = r->lo; i <= r->hi; ++i) {
        Value iv{i, it.origin};
        if (!run(nullptr, iv)) return;
        if (i == INT64_MAX) break;
      }
    } else {
      report(base::DiagKind::TypeMismatch, loc_of(c, cl.iterable),
             fmt::format("`for` goes over a list, a map or a range of ints, not {}", describe(it)));
    }
  }

  std::string describe(const Value& v) const { return describe_value_kind(v); }

  Value eval(const ast::Expr* e, const Ctx& c, const TypeInfo* expected);
  /// v as a value of type t: converted where it may be (an int where a
  /// float or a unit is expected), checked against t's constraints; an error
  /// (reported at v's origin, or at `at`) when it does not fit.
  Value coerce(const Value& v, const TypeInfo* t, base::Range at, const Ctx& c) {
    // Most values are made for the type they are coerced to: that case costs no call.
    if (!t || v.is_error() || (t->constraints.empty() && fits_as_is(v, t))) return v;
    return coerce_slow(v, t, at, c);
  }
  // True when v is a value of t already, with nothing to convert; t has no constraints.
  static bool fits_as_is(const Value& v, const TypeInfo* t) {
    switch (t->kind) {
      case TypeKind::Any: return true;
      case TypeKind::Bool: return v.get<bool>() != nullptr;
      case TypeKind::Int: return v.get<std::int64_t>() != nullptr;
      case TypeKind::String: return v.str() != nullptr;
      case TypeKind::Schema: {
        const Record* r = v.record();
        return r && r->schema == t->schema;
      }
      case TypeKind::Optional:
        return v.is_null() || (t->elem->kind != TypeKind::Optional && t->elem->constraints.empty() && fits_as_is(v, t->elem));
      case TypeKind::Unit: {
        const base::Quantity* q = v.get<base::Quantity>();
        return q && q->kind == t->unit;
      }
      case TypeKind::Enum: {
        const EnumV* e = v.get<EnumV>();
        return e && e->type == t->enum_;
      }
      default: return false;
    }
  }
  Value coerce_slow(Value v, const TypeInfo* t, base::Range at, const Ctx& c);
  Value coerce_if(Value v, const TypeInfo* t, const ast::Expr* e, const Ctx& c);
  // Most types have no constraints: that case costs no call.
  Value check_constraints(const Value& v, const TypeInfo* t, Origin o, const Ctx& c) {
    return t->constraints.empty() ? v : check_constraints_of(v, t, o, c);
  }
  Value check_constraints_of(Value v, const TypeInfo* t, Origin o, const Ctx& c);
  Value lookup(const ast::Expr* e, base::Symbol name, const Ctx& c, const TypeInfo* expected);
  Value member(const ast::Expr* e, const ast::Member& m, const Ctx& c, const TypeInfo* expected);
  Value call(const ast::Expr* e, const ast::Call& call, const Ctx& c, const TypeInfo* expected);
  Value cxx_header(const ast::Expr* e, const ast::Member& mem, const ast::Call& call, const Ctx& c);
  Value call_fn(const ast::FnDecl& fn, const sema::Module* m, const Record* self, const ast::Call& call,
                const ast::Expr* e, const Ctx& c);
  Value binary(const ast::Expr* e, const ast::Binary& b, const Ctx& c, const TypeInfo* expected);
  Value unit_literal(const ast::Expr* e, std::string_view text, const Ctx& c, const TypeInfo* expected);
  Value record_literal(const ast::Expr* e, const ast::RecordLit& r, const Ctx& c, const TypeInfo* expected);
  Value entity_value(const sema::Entity& ent, const ast::Expr* e, const Ctx& c);
  bool equal(const Value& a, const Value& b) const;
  Value report_type(base::Location loc, std::string msg) {
    auto* d = report(base::DiagKind::TypeMismatch, loc, std::move(msg));
    env_note(d);
    return error_value();
  }
  base::Diagnostic* report_at(base::DiagKind k, base::Location loc, std::string msg) {
    auto* d = report(k, loc, std::move(msg));
    env_note(d);
    return d;
  }
  // Whether a comprehension has reached the collection limit; the first time,
  // reports E0410 (once, in `full`) and stops evaluation.
  bool collection_full(std::size_t size, bool& full, base::Location at, std::string_view what,
                       std::string_view items) {
    if (size < kMaxCollection) return false;
    if (!full)
      report_at(base::DiagKind::ValueTooLarge, at,
                fmt::format("this {} would have more than {} {}", what, kMaxCollection, items));
    full = true;
    aborted_ = true;
    return true;
  }

 private:
  sema::Program& program_;
  const base::Interner& names_;
  base::DiagSink& sink_;
  ValueArena arena_;  // first in, last out: every value below points into it
  sema::TypeTable types_;
  std::vector<std::unique_ptr<EnvInst>> envs_;
  std::vector<std::unique_ptr<DefNode>> nodes_;
  std::deque<Frame> kept_frames_;  // loop variables of `for` blocks in definition trees
  std::vector<std::unique_ptr<DefNode>>* pool_ = &nodes_;
  std::set<std::tuple<int, base::FileId, std::uint32_t, std::uint32_t, std::string>> reported_;
  std::vector<std::pair<base::Symbol, Value>> field_stack_;  // finish_record's fields, nested records above
  std::vector<Value> value_stack_;  // the elements of lists being made, nested lists above
  BuilderPool builder_pool_;
  EnvInst* current_env_ = nullptr;
  std::uint64_t steps_ = 0;
  std::uint32_t build_ = 0, builds_ = 0;  // the env tree being built (DefNode::owner)
  bool aborted_ = false;
  std::map<std::pair<const ast::Constraint*, int>, Value> bounds_cache_;
  bool budget_spent_ = false, budget_reported_ = false;
  int depth_ = 0;

 public:
  EnvInst* env_inst(const ast::EnvDecl* d) {
    for (auto& e : envs_)
      if (e->decl == d) return e.get();
    return nullptr;
  }
  // The field `name` of a record being built, if its schema has one.
  Value builder_field(RecordBuilder& b, base::Symbol name, bool* found) {
    *found = false;
    for (std::size_t i = 0; i < b.schema->fields.size(); ++i)
      if (b.schema->fields[i].name == name) {
        *found = true;
        return field_value(b, i);
      }
    return error_value();
  }
  Value root_field(EnvInst& env, base::Symbol name, bool* found) {
    if (!env.builder) {
      *found = false;
      return error_value();
    }
    return builder_field(*env.builder, name, found);  // built with allow_missing = env.abstract_
  }
};

}  // namespace strata::eval

#include "eval/evaluate_expr.inc"

namespace strata::eval {

Evaluation::Evaluation(sema::Program& program, const base::Interner& names, base::DiagSink& sink)
    : impl_(std::make_unique<Evaluator>(program, names, sink)) {}
Evaluation::~Evaluation() = default;
void Evaluation::check_all(const std::function<void(const OutputItem&)>& on_output) { impl_->check_all(on_output); }
const EnvValue* Evaluation::env(std::string_view name) { return impl_->env(name); }
std::vector<std::string> Evaluation::env_names() const { return impl_->env_names(); }
const sema::TypeTable& Evaluation::types() const { return impl_->types(); }
const std::vector<OutputItem>& Evaluation::outputs() const { return impl_->outputs_; }

}  // namespace strata::eval
