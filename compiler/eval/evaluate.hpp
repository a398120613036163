#pragma once
/// Evaluation: every env of a program to a value, with types, defaults,
/// overlays, constraints and checks applied, and every value's origin kept.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eval/value.hpp"
#include "sema/program.hpp"
#include "sema/types.hpp"

namespace strata::eval {

/// Limits that keep evaluation total; each ends in a diagnostic.
inline constexpr std::uint64_t kMaxSteps = 50'000'000;  // E0403
inline constexpr int kMaxCallDepth = 200;               // E0404
inline constexpr std::size_t kMaxCollection = 1'000'000;  // E0410: elements of one list or map
inline constexpr std::size_t kMaxStringBytes = 64u << 20;  // E0410: bytes of one string

/// One env of the entry module, evaluated.
struct EnvValue {
  std::string name;
  const ast::EnvDecl* decl = nullptr;
  const sema::Module* module = nullptr;
  bool abstract_ = false;
  /// The chain of env declarations from the root env to this one.
  std::vector<const ast::EnvDecl*> layers;
  Value value;  // a Record; an ErrorV when the env could not be evaluated
};

/// One `output PATH = value` after evaluation (a `for` block gives several).
struct OutputItem {
  std::string path;      // the key as written, parts joined with `/`; not yet checked
  base::Location where;  // the key in the source
  Value value;
  /// The envs this output is written for: those bound by its enclosing
  /// `for` blocks (`output for e in [dev, prod] { ... }`); empty for the rest.
  std::vector<std::string> envs;
};

class Evaluator;

/// Evaluates a loaded, name-resolved program. Errors are reported to sink;
/// evaluation goes on past them, so one run reports all it can find.
class Evaluation {
 public:
  Evaluation(sema::Program& program, const base::Interner& names, base::DiagSink& sink);
  ~Evaluation();

  /// Evaluates and checks every env and output of the entry module;
  /// `on_output`, when given, is called with each output as soon as it is
  /// evaluated (the item is also kept in outputs()).
  void check_all(const std::function<void(const OutputItem&)>& on_output = {});
  /// The value of one env of the entry module (evaluating it if needed), or
  /// null when there is no env of that name.
  const EnvValue* env(std::string_view name);
  /// The names of the entry module's envs, in declaration order.
  std::vector<std::string> env_names() const;
  const sema::TypeTable& types() const;
  /// The outputs of the entry module, in declaration order (after check_all).
  const std::vector<OutputItem>& outputs() const;

 private:
  std::unique_ptr<Evaluator> impl_;
};

}  // namespace strata::eval
