// emit::OutputTree: a stale file is found and rewritten; its unified diff is
// made only for a tree that is compared (`build --check`), never for a
// build, which does not show it (at N=1,000 with every file changed, the
// diffs cost a build 16 MiB and a fifth of its CPU time).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "emit/write_tree.hpp"

using namespace strata;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/strata-write-tree-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { fs::remove_all(path); }
};

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string get(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a stale file's diff is made for build --check only, and a build rewrites the file") {
  TempDir out;
  const std::string head(emit::kGeneratedHash);
  put(out.path / "k8s/dev/configmap-a.yaml", head + "data: old\n");
  put(out.path / "k8s/dev/configmap-b.yaml", head + "data: same\n");
  emit::OutputFiles files;
  files.push_back({"k8s/dev/configmap-a.yaml", head + "data: new\n", {}});
  files.push_back({"k8s/dev/configmap-b.yaml", head + "data: same\n", {}});

  for (bool write : {false, true}) {
    INFO("write: " << write);
    base::DiagSink sink;
    emit::OutputTree tree(out.path.string(), sink, 2, write);
    emit::TreeDiff diff = tree.compare(files, {"k8s"});
    REQUIRE(!sink.has_errors());
    REQUIRE(diff.stale.size() == 1);
    CHECK(diff.stale[0] == "k8s/dev/configmap-a.yaml");
    CHECK(diff.missing.empty());
    CHECK(diff.unchanged == 1);
    if (!write) {
      CHECK(diff.diffs.find("-data: old\n+data: new\n") != std::string::npos);
      CHECK(get(out.path / "k8s/dev/configmap-a.yaml") == head + "data: old\n");
    } else {
      CHECK(diff.diffs.empty());
      REQUIRE(tree.apply(files, diff));
      CHECK(get(out.path / "k8s/dev/configmap-a.yaml") == head + "data: new\n");
    }
  }
}

// A file of 256 KiB or more closes its chunk (a YAML stream of 1,000
// services is 3.5 MB): each such file is written, or compared, as soon as it
// is handed over, beside the small files of the same directory.
TEST_CASE("big and small files of one directory, handed over one by one, are written and compared whole") {
  TempDir out;
  const std::string head(emit::kGeneratedHash);
  auto text = [&](char c, std::size_t n) { return head + std::string(n, c) + "\n"; };
  emit::OutputFiles files;
  files.push_back({"k8s/a.yaml", text('a', 300 << 10), {}});
  files.push_back({"k8s/b.yaml", text('b', 10), {}});
  files.push_back({"k8s/c.yaml", text('c', 600 << 10), {}});
  files.push_back({"k8s/d.yaml", text('d', 20), {}});
  files.push_back({"k8s/e.yaml", text('e', 256 << 10), {}});

  auto build = [&](std::size_t missing, std::size_t stale, std::size_t unchanged) {
    base::DiagSink sink;
    emit::OutputTree tree(out.path.string(), sink, 2, true);
    for (std::size_t i = 0; i < files.size(); ++i) tree.add(files, i);
    emit::TreeDiff diff = tree.compare(files, {"k8s"});
    REQUIRE(!sink.has_errors());
    CHECK(diff.missing.size() == missing);
    CHECK(diff.stale.size() == stale);
    CHECK(diff.unchanged == unchanged);
    REQUIRE(tree.apply(files, diff));
    for (const emit::OutputFile& f : files) CHECK(get(out.path / f.path) == f.content);
    return diff;
  };
  SUBCASE("fresh, into a new tree") { build(5, 0, 0); }
  SUBCASE("in place: each file found as it is") {
    build(5, 0, 0);
    files[0].content = text('A', 300 << 10);  // big, stale
    files[1].content = text('B', 10);         // small, stale
    files[4].content = text('E', 100);        // was big, now small
    emit::TreeDiff diff = build(0, 3, 2);
    CHECK(diff.stale == std::vector<std::string>{"k8s/a.yaml", "k8s/b.yaml", "k8s/e.yaml"});
  }
}
