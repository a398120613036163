// Which objects `strata build` leaves out of JSON Schema validation
// (emit::skips_validation): exactly the typed std/k8s objects of a proven kind,
// with nothing the proof does not cover, against the builtin schemas; and the
// diagnostics are the same whether they are validated or not.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "emit/k8s_yaml.hpp"
#include "emit/typed_objects.hpp"
#include "emit/validate.hpp"
#include "eval_fixture.hpp"

using namespace strata;

namespace {

struct Built {
  std::unique_ptr<test::Evaluated> ev;
  emit::OutputFiles files;
  std::vector<emit::EmittedObject> objects;
};

// Evaluates `source` and emits its outputs as Kubernetes objects.
Built build(const std::string& source) {
  Built b;
  b.ev = test::evaluate_text(source);
  REQUIRE_MESSAGE(!b.ev->sink.has_errors(), b.ev->text());
  for (const eval::OutputItem& item : b.ev->evaluation->outputs())
    emit::k8s_files(item.path, item.value, item.where, b.ev->names, b.ev->sink, b.files, b.objects);
  REQUIRE_MESSAGE(!b.ev->sink.has_errors(), b.ev->text());
  return b;
}

// The metadata.name of each object that validation would skip.
std::vector<std::string> skipped(const Built& b, const emit::SchemaSet& schemas, emit::ValidationMode mode) {
  std::vector<std::string> out;
  for (const emit::EmittedObject& o : b.objects)
    if (emit::skips_validation(schemas, o, b.ev->names, mode)) {
      const eval::Value* name = emit::value_at(*o.value, {"metadata", "name"}, b.ev->names);
      out.push_back(std::string(name->str() ? *name->str() : "?"));
    }
  return out;
}

const char* kObjects = R"(import "std/k8s" as k8s

/// A ConfigMap with one more field.
schema Wide extends k8s.ConfigMap {
  colour: string = "blue"
}

/// Metadata with one more field.
schema OwnedMeta extends k8s.ObjectMeta {
  owner: string = "me"
}

fn meta(n: string) -> k8s.ObjectMeta = { name = n, namespace = "shop", labels = { app = n } }

fn app(n: string, port: scalar) -> k8s.Deployment = k8s.Deployment {
  metadata = meta(n)
  spec = {
    selector = { matchLabels = { app = n } }
    template = {
      metadata = { labels = { app = n } }
      spec = {
        containers = [{
          name = "app"
          image = "registry.example.com/app:1"
          ports = [{ name = "http", containerPort = 8080 }]
          resources = { requests = { cpu = 250m, memory = 256Mi } }
          readinessProbe = { httpGet = { path = "/ready", port = port } }
        }]
      }
    }
  }
}

fn config(n: string) -> k8s.ConfigMap = k8s.ConfigMap { metadata = meta(n) }

schema Env {
  patched: k8s.ConfigMap
}

// A path into a computed value: the entry is set without the map's type.
env dev: Env {
  patched = config("patched")
  patched.metadata.labels.app = 5
}

output "k8s" = [
  k8s.Namespace { metadata = { name = "shop" } },
  app("typed", "http"),
  app("int-port", 8080),
  app("float-port", 8080.5),
  app("bool-port", true),
  k8s.Namespace { metadata = { name = "with-extra" }, extra = { metadata = { labels = { a = "b" } } } },
  { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "a-map" } },
  { apiVersion = "example.com/v1", kind = "Widget", metadata = { name = "custom" } },
  Wide { metadata = { name = "wide" } },
  k8s.ConfigMap { metadata = OwnedMeta { name = "owned" } },
  k8s.Object { apiVersion = "v1", kind = "Namespace", metadata = { name = "base-schema" } },
  k8s.Service { metadata = meta("svc"), spec = { ports = [{ port = 80, targetPort = 8080 }] } },
  k8s.ResourceQuota { metadata = meta("int-quota"), spec = { hard = { pods = 10, "requests.cpu" = 4 } } },
  k8s.ResourceQuota { metadata = meta("text-quota"), spec = { hard = { "requests.cpu" = "4", pods = "1e3" } } },
  k8s.ResourceQuota { metadata = meta("bad-quota"), spec = { hard = { "requests.cpu" = "4 cores" } } },
  k8s.LimitRange {
    metadata = meta("limits")
    spec = { limits = [{ type = "Container", max = { cpu = 2, memory = 1.5 } }] }
  },
  k8s.PodDisruptionBudget { metadata = meta("pdb"), spec = { maxUnavailable = 25% } },
  k8s.ConfigMap { metadata = meta("data"), data = { a = "1" } },
]

output "patched" = [dev.patched]
)";

}  // namespace

TEST_CASE("every builtin schema compiles (they are compiled only when an object needs one)") {
  base::DiagSink sink;
  emit::SchemaSet builtin;
  builtin.add_builtin();
  CHECK(builtin.size() == 17);
  CHECK(builtin.compile_all(sink));
  CHECK_FALSE(sink.has_errors());
}

TEST_CASE("validation skips exactly the typed std/k8s objects the proof covers") {
  Built b = build(kObjects);
  base::DiagSink sink;
  emit::SchemaSet builtin;
  builtin.add_builtin();
  REQUIRE(!sink.has_errors());
  std::vector<std::string> want = {"shop",      "typed",      "int-port", "svc", "int-quota",
                                   "text-quota", "limits", "pdb",      "data"};
  CHECK(skipped(b, builtin, emit::ValidationMode::Typed) == want);
  // Not skipped: an int port (float-port, bool-port) outside IntOrString's
  // proven leaves; `extra` set; maps; a custom resource; a schema that extends
  // the kind's, at the top (wide) or inside (owned); a record of the base
  // schema Object; a string that is not a quantity; a map entry set by a patch
  // to an int where the map holds strings (patched).
  CHECK(skipped(b, builtin, emit::ValidationMode::All).empty());

  SUBCASE("a kind whose schema --schema DIR replaced is validated") {
    emit::SchemaSet replaced;
    replaced.add_builtin();
    REQUIRE(replaced.add_text("mine/namespace.json",
                              R"({"type": "object", "required": ["spec"],
                                  "properties": {"apiVersion": {"const": "v1"}, "kind": {"const": "Namespace"}}})",
                              false, sink));
    std::vector<std::string> rest = {"typed", "int-port", "svc", "int-quota", "text-quota", "limits", "pdb", "data"};
    CHECK(skipped(b, replaced, emit::ValidationMode::Typed) == rest);
    CHECK_FALSE(replaced.is_builtin("v1", "Namespace"));
    CHECK(replaced.is_builtin("apps/v1", "Deployment"));
  }
}

TEST_CASE("skipping changes no diagnostic: validated, the skipped objects pass") {
  Built b = build(kObjects);
  auto diagnostics = [&](emit::ValidationMode mode) {
    base::DiagSink sink;
    emit::SchemaSet schemas;
    schemas.add_builtin();
    emit::validate_objects(schemas, b.objects, b.ev->names, sink, 2, mode);
    sink.sort();
    return test::diag_text(b.ev->sm, sink);
  };
  std::string typed = diagnostics(emit::ValidationMode::Typed);
  CHECK(typed == diagnostics(emit::ValidationMode::All));
  // The objects left to valijson are still checked: a float and a bool port,
  // the custom resource without a schema, the extending schemas' fields, the
  // string that is not a quantity, and the patched label; the quantity
  // strings ("4", "1e3") were right to be skipped.
  CHECK(typed.find("`float-port`") != std::string::npos);
  CHECK(typed.find("`bool-port`") != std::string::npos);
  CHECK(typed.find("error[E0506]") != std::string::npos);
  CHECK(typed.find("`wide`") != std::string::npos);
  CHECK(typed.find("`owned`") != std::string::npos);
  CHECK(typed.find("`patched`") != std::string::npos);
  CHECK(typed.find("`bad-quota`") != std::string::npos);
  CHECK(typed.find("`text-quota`") == std::string::npos);
}
