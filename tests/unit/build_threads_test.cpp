// strata build on one thread (BuildRequest::threads = 1: no emitter thread,
// nothing shared) writes exactly what it writes on two: the same files and
// summary, and, for a project with errors, the same diagnostics and nothing.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "driver/build.hpp"

using namespace strata;
namespace fs = std::filesystem;

namespace {

// Several outputs of each kind, one of them over 256 objects (more than a chunk).
constexpr const char* kGood = R"(import "std/k8s" as k8s

fn maps(n: int) -> [k8s.ConfigMap] = [
  for i in 1..n => k8s.ConfigMap { metadata = { name = "cm-${i}" }, data = { A = "a: b", B = "${i}" } }
]

output "k8s/dev" = maps(300) + [k8s.Namespace { metadata = { name = "dev" } }]
output "k8s/prod.yaml" = maps(40)
output "app.env" = dotenv({ PORT = "8080", NAME = "shop" })
)";

// Errors while emitting (a range has no YAML) and in validation (a bad port).
constexpr const char* kBad = R"(import "std/k8s" as k8s

output "k8s/dev" = [
  { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "a", annotations = { replicas = 3..10 } } },
  { apiVersion = "v1", kind = "Service", metadata = { name = "b" }, spec = { ports = [{ port = 0 }] } },
]
output "k8s/prod" = [k8s.Namespace { metadata = { name = "prod" } }]
)";

struct Result {
  driver::BuildStatus status;
  std::string summary, diagnostics;
  std::map<std::string, std::string> files;  // path under the output directory -> content
};

// Builds the project in the current directory into `out` on `threads` threads.
Result build(const std::string& out, unsigned threads) {
  driver::BuildRequest req;
  req.out_dir = out;
  req.threads = threads;
  base::SourceManager sm;
  base::Interner names;
  base::DiagSink sink;
  Result r;
  r.status = driver::run_build(req, sm, names, sink, r.summary);
  for (const base::Diagnostic& d : sink.diagnostics())
    r.diagnostics += std::to_string(static_cast<int>(d.kind)) + " " + std::to_string(d.loc.range.begin) + " " +
                     d.message + "\n";
  if (fs::exists(out))
    for (const auto& e : fs::recursive_directory_iterator(out))
      if (e.is_regular_file()) {
        std::ifstream in(e.path());
        std::stringstream text;
        text << in.rdbuf();
        r.files[fs::relative(e.path(), out).string()] = text.str();
      }
  return r;
}

// A project directory of its own, the current directory while it lives.
struct Project {
  fs::path old = fs::current_path();
  fs::path dir = fs::temp_directory_path() / ("strata-build-threads-" + std::to_string(::getpid()));
  explicit Project(const char* text) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "main.strata") << text;
    fs::current_path(dir);
  }
  ~Project() {
    fs::current_path(old);
    fs::remove_all(dir);
  }
};

}  // namespace

TEST_CASE("a build on one thread writes what a build on two writes") {
  Project p(kGood);
  Result one = build("out1", 1), two = build("out2", 2);
  CHECK(one.status == driver::BuildStatus::Clean);
  CHECK(one.diagnostics.empty());
  CHECK(one.files.size() == 301 + 1 + 2);  // the objects, kustomization.yaml, the stream, the .env
  CHECK(one.files.count("k8s/dev/configmap-cm-300.yaml") == 1);
  CHECK(one.files.count("app.env") == 1);
  CHECK(two.status == one.status);
  CHECK(two.diagnostics == one.diagnostics);
  CHECK(two.files == one.files);
  CHECK(two.summary == one.summary.substr(0, one.summary.find("out1")) + "out2" +
                           one.summary.substr(one.summary.find("out1") + 4));
}

TEST_CASE("a failing build on one thread reports what a build on two reports, and writes nothing") {
  Project p(kBad);
  Result one = build("out1", 1), two = build("out2", 2);
  CHECK(one.status == driver::BuildStatus::Errors);
  CHECK(one.diagnostics.find(std::to_string(static_cast<int>(base::DiagKind::UnwritableValue))) != std::string::npos);
  CHECK(one.diagnostics.find(std::to_string(static_cast<int>(base::DiagKind::SchemaViolation))) != std::string::npos);
  CHECK(one.files.empty());
  CHECK(two.status == one.status);
  CHECK(two.diagnostics == one.diagnostics);
  CHECK(two.files.empty());
}
