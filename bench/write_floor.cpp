// The kernel's floor for a build's output: how long this machine takes to
// create (or read back) the same files from a plain loop that holds them in
// memory already, with none of Strata's work. Built by meson, never run as a
// test; build_bench.sh runs it beside Strata:
//   build/release/tests/write_floor TREE SCRATCH THREADS RUNS
// TREE is a built output tree. Prints the median of RUNS of each of:
//   write  create every file of TREE under a new directory SCRATCH/w-I
//          (mkdir per directory; open, write, close per file, relative to a
//          descriptor of its directory, as Strata does), THREADS threads
//          taking chunks of 256 files;
//   read   open, fstat, read and close every file of TREE, THREADS threads.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct File {
  std::string name, text;
};
struct Dir {
  std::string rel;  // relative to the tree
  std::vector<File> files;
};
struct Chunk {
  std::size_t dir, begin, end;
};

std::vector<Dir> load(const fs::path& root) {
  std::vector<Dir> dirs;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const fs::path& p : paths) {
    std::string rel = p.parent_path().lexically_relative(root).generic_string();
    if (dirs.empty() || dirs.back().rel != rel) dirs.push_back({rel, {}});
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    dirs.back().files.push_back({p.filename().string(), text.str()});
  }
  return dirs;
}

template <typename F>
double timed_on_threads(const std::vector<Chunk>& chunks, unsigned threads, F&& work) {
  auto start = std::chrono::steady_clock::now();
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    for (std::size_t c; (c = next++) < chunks.size();) work(chunks[c]);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Ends the run with what failed: a floor measured over a failed write means nothing.
[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "write_floor: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(1);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: write_floor TREE SCRATCH THREADS RUNS\n");
    return 2;
  }
  const fs::path tree = argv[1], scratch = argv[2];
  const unsigned threads = static_cast<unsigned>(std::max(1, std::atoi(argv[3])));
  const int runs = std::max(1, std::atoi(argv[4]));
  std::vector<Dir> dirs = load(tree);
  std::vector<Chunk> chunks;
  std::size_t files = 0;
  for (std::size_t d = 0; d < dirs.size(); ++d) {
    files += dirs[d].files.size();
    for (std::size_t b = 0; b < dirs[d].files.size(); b += 256)
      chunks.push_back({d, b, std::min(b + 256, dirs[d].files.size())});
  }
  std::vector<double> writes, reads;
  for (int r = 0; r < runs; ++r) {
    fs::path out = scratch / ("w-" + std::to_string(r));
    if (fs::exists(out)) {
      std::fprintf(stderr, "write_floor: %s exists: give a new or empty SCRATCH\n", out.c_str());
      return 1;
    }
    std::vector<int> fds;
    auto start = std::chrono::steady_clock::now();
    for (const Dir& d : dirs) {
      fs::create_directories(out / d.rel);
      fds.push_back(::open((out / d.rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }
    double made = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    writes.push_back(made + timed_on_threads(chunks, threads, [&](const Chunk& c) {
      for (std::size_t i = c.begin; i < c.end; ++i) {
        const File& f = dirs[c.dir].files[i];
        int fd = ::openat(fds[c.dir], f.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0 || ::write(fd, f.text.data(), f.text.size()) != static_cast<ssize_t>(f.text.size()))
          fail("writing " + (out / dirs[c.dir].rel / f.name).string());
        ::close(fd);
      }
    }));
    for (int fd : fds) ::close(fd);
    std::vector<int> tree_fds;
    for (const Dir& d : dirs) tree_fds.push_back(::open((tree / d.rel).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    reads.push_back(timed_on_threads(chunks, threads, [&](const Chunk& c) {
      std::string buf;
      for (std::size_t i = c.begin; i < c.end; ++i) {
        const File& f = dirs[c.dir].files[i];
        int fd = ::openat(tree_fds[c.dir], f.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        struct stat st;
        if (fd < 0 || ::fstat(fd, &st) != 0) fail("reading " + (tree / dirs[c.dir].rel / f.name).string());
        buf.resize(static_cast<std::size_t>(st.st_size) + 1);
        if (::read(fd, buf.data(), buf.size()) != st.st_size) fail("reading " + (tree / dirs[c.dir].rel / f.name).string());
        ::close(fd);
      }
    }));
    for (int fd : tree_fds) ::close(fd);
  }
  std::printf("%zu files in %zu directories, %u thread%s: write %.3f s, read %.3f s (medians of %d)\n", files,
              dirs.size(), threads, threads == 1 ? "" : "s", median(writes), median(reads), runs);
}
