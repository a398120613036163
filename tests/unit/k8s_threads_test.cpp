// k8s_files with one or two more threads joining it through a WorkShare (as
// a build's evaluation thread joins the emitter once it is done) gives
// exactly what it gives on one: the same files, objects, proofs
// and diagnostics, in the same order, across many chunks.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "base/big_stack.hpp"
#include "base/work_share.hpp"
#include "emit/k8s_yaml.hpp"
#include "emit/typed_objects.hpp"
#include "eval_fixture.hpp"

using namespace strata;

namespace {

// 700 objects (two chunks of 256 and some) for each layout, among them
// objects k8s_files refuses before writing (E0502, E0504) and ones whose
// writing fails (E0503), spread over every chunk.
constexpr const char* kProject = R"(
import "std/k8s" as k8s

fn objects(n: int) -> [any] = [
  for i in 1..n => if i % 89 == 0 || i == n then { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "Bad_${i}" } }
    else if i % 89 == 1 && i > 1 then { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "range-${i}", annotations = { r = 1..2 } } }
    else if i % 83 == 0 then k8s.ConfigMap { metadata = { name = "cm-1" } }
    else if i % 2 == 0 then { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "map-${i}" }, data = { "on" = "yes" } }
    else k8s.ConfigMap { metadata = { name = "cm-${i}" }, data = { A = "a: b", B = "" } }
]

output "k8s/dir" = objects(700)
output "k8s/all.yaml" = objects(700)
)";

struct Emitted {
  emit::OutputFiles files;
  std::vector<emit::EmittedObject> objects;
  base::DiagSink sink;
};

Emitted emit_all(const test::Evaluated& ev, base::WorkShare* share = nullptr) {
  Emitted out;
  for (const eval::OutputItem& item : ev.evaluation->outputs())
    emit::k8s_files(item.path, item.value, item.where, ev.names, out.sink, out.files, out.objects, {true, share});
  return out;
}

// One thread emits, offering the work through a share that `helpers` more help with.
Emitted emit_shared(const test::Evaluated& ev, int helpers) {
  base::WorkShare share;
  std::vector<std::thread> threads;
  for (int h = 0; h < helpers; ++h)
    threads.emplace_back([&] { base::run_with_big_stack([&] { share.help(); }); });
  Emitted out = emit_all(ev, &share);
  share.close();
  for (std::thread& t : threads) t.join();
  return out;
}

void check_same(const Emitted& one, const Emitted& other) {
  REQUIRE(other.files.size() == one.files.size());
  for (std::size_t i = 0; i < one.files.size(); ++i) {
    INFO(one.files[i].path);
    CHECK(other.files[i].path == one.files[i].path);
    CHECK(other.files[i].content == one.files[i].content);
  }
  REQUIRE(other.objects.size() == one.objects.size());
  for (std::size_t i = 0; i < one.objects.size(); ++i) {
    CHECK(other.objects[i].value == one.objects[i].value);
    CHECK(other.objects[i].file == one.objects[i].file);
    CHECK(other.objects[i].proof == one.objects[i].proof);
  }
  const auto& d = one.sink.diagnostics();
  REQUIRE(other.sink.diagnostics().size() == d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    const base::Diagnostic& a = d[i];
    const base::Diagnostic& b = other.sink.diagnostics()[i];
    CHECK(a.kind == b.kind);
    CHECK(a.message == b.message);
    CHECK(a.loc.range.begin == b.loc.range.begin);
    CHECK(a.notes.size() == b.notes.size());
  }
  CHECK(other.sink.error_count() == one.sink.error_count());
}

}  // namespace

TEST_CASE("k8s_files writes the same on one thread as on two or three sharing the work") {
  auto ev = test::evaluate_text(kProject);
  REQUIRE_MESSAGE(!ev->sink.has_errors(), ev->text());
  Emitted one = emit_all(*ev);
  Emitted three = emit_shared(*ev, 2);
  Emitted shared = emit_shared(*ev, 1);

  // What one thread writes is what it should be.
  REQUIRE(one.files.size() > 600);
  CHECK(one.files.back().path == "k8s/all.yaml");
  const auto& d = one.sink.diagnostics();
  auto count = [&](base::DiagKind k) { return std::count_if(d.begin(), d.end(), [&](auto& x) { return x.kind == k; }); };
  // In list order, per output: each object that fails to be written comes
  // right after one refused before writing, and the last one is refused.
  std::vector<base::DiagKind> want;
  for (int i = 1; i <= 700; ++i)
    if (i % 89 == 0 || i == 700) want.push_back(base::DiagKind::NotAnObject);
    else if (i % 89 == 1 && i > 1) want.push_back(base::DiagKind::UnwritableValue);
    else if (i % 83 == 0) want.push_back(base::DiagKind::DuplicateOutput);
  std::vector<base::DiagKind> once = want;
  want.insert(want.end(), once.begin(), once.end());
  CHECK(count(base::DiagKind::NotAnObject) == 2 * 8);       // 89, ..., 623, 700
  CHECK(count(base::DiagKind::UnwritableValue) == 2 * 7);   // 90, ..., 624
  CHECK(count(base::DiagKind::DuplicateOutput) == 2 * 8);   // 83, ..., 664: cm-1 again
  REQUIRE(d.size() == want.size());
  for (std::size_t i = 0; i < d.size(); ++i) CHECK(d[i].kind == want[i]);
  // Each object's proof is what validation would work out itself.
  std::size_t proven = 0, unproven = 0;
  emit::TypedObjects typed(ev->names);
  for (const emit::EmittedObject& o : one.objects) {
    bool is = typed.proven(*o.value, o.api_version, o.kind);
    CHECK(o.proof == (is ? emit::EmittedObject::Proof::Proven : emit::EmittedObject::Proof::Unproven));
    (is ? proven : unproven) += 1;
  }
  CHECK(proven > 0);
  CHECK(unproven > 0);

  // Three threads sharing the work write the same, and so do two.
  check_same(one, three);
  check_same(one, shared);
}
