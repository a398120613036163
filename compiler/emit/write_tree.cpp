#include "emit/write_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "emit/unified_diff.hpp"

namespace strata::emit {
namespace {

namespace fs = std::filesystem;

std::string join(const std::string& dir, const std::string& rel) { return dir.empty() ? rel : dir + "/" + rel; }

std::string_view dir_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}
std::string_view name_of(std::string_view path) { return path.substr(path.rfind('/') + 1); }

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.empty() ? "." : path.c_str(), &st) == 0;
}
// Follows symbolic links: below the output directory, compare has
// refused them already; the output directory itself may be one.
bool is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.empty() ? "." : path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Reads at most `limit` bytes of fd into out; false on a read error.
bool read_up_to(int fd, std::size_t limit, std::string& out) {
  out.resize(limit);
  std::size_t got = 0;
  bool ok = true;
  while (got < limit) {
    ssize_t n = ::read(fd, out.data() + got, limit - got);
    if (n < 0 && errno == EINTR) continue;
    ok = n >= 0;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return ok;
}

// The bytes of a file, at most `limit` of them; false when it cannot be opened.
bool read_prefix(const std::string& path, std::size_t limit, std::string& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  read_up_to(fd, limit, out);
  ::close(fd);
  return true;
}

// A file of a directory opened as dir_fd, read whole when it is a regular
// file (not through a symbolic link).
enum class Existing { Missing, Regular, Other };
Existing read_at(int dir_fd, const std::string& name, std::string& out) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return errno == ENOENT ? Existing::Missing : Existing::Other;
  struct stat st;
  Existing kind = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? Existing::Regular : Existing::Other;
  // One byte more than its size: a file that grew is seen as different.
  if (kind == Existing::Regular && !read_up_to(fd, static_cast<std::size_t>(st.st_size) + 1, out))
    kind = Existing::Other;
  ::close(fd);
  return kind;
}

bool write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The directories a path runs through must be real directories inside the
// output directory: a symbolic link could lead anywhere. What they are:
// all real directories, or one missing (it and those below are created on
// write), or the first that is a symbolic link or a file (`bad` names it).
// `checked` holds the directories already found good (24,000 files share a
// handful).
enum class Parents { Good, Missing, Link, File };
Parents parents_of(const std::string& out_dir, const std::string& path, std::unordered_set<std::string>& checked,
                   std::string& bad) {
  for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    std::string part = path.substr(0, slash);
    if (checked.count(part)) continue;
    struct stat st;
    if (::lstat(join(out_dir, part).c_str(), &st) != 0) return Parents::Missing;
    if (!S_ISDIR(st.st_mode)) {
      bad = std::move(part);
      return S_ISLNK(st.st_mode) ? Parents::Link : Parents::File;
    }
    checked.insert(std::move(part));
  }
  return Parents::Good;
}

// parents_of, reporting a symbolic link or a file on the way (E0500).
Parents check_parents(const std::string& out_dir, const OutputFile& f, std::unordered_set<std::string>& checked,
                      base::DiagSink& sink) {
  std::string bad;
  Parents p = parents_of(out_dir, f.path, checked, bad);
  if (p == Parents::Link)
    sink.report(base::DiagKind::InvalidOutputPath, f.where,
                fmt::format("the output `{}` would go through `{}`, a symbolic link", f.path, bad));
  if (p == Parents::File)
    sink.report(base::DiagKind::InvalidOutputPath, f.where,
                fmt::format("the output `{}` needs `{}` to be a directory, but it is a file", f.path, bad));
  return p;
}

// What a produced file finds on disk.
struct Found {
  enum Kind { Missing, NotOurs, Unchanged, Stale, Refused } kind = Missing;  // Refused: its path, reported already
  std::string diff;  // Stale: the unified diff
};

// What file f finds in the directory opened as dir_fd (-1: the directory
// went away meanwhile, its files are missing and the write will tell); the
// diff of a stale file only when `diff` (a build does not show them).
Found compare_file(int dir_fd, const OutputFile& f, std::string& existing, bool diff) {
  Existing kind = dir_fd < 0 ? Existing::Missing : read_at(dir_fd, std::string(name_of(f.path)), existing);
  if (kind == Existing::Missing) return {};
  if (kind != Existing::Regular || !is_generated(existing)) return {Found::NotOurs, {}};
  if (existing == f.content) return {Found::Unchanged, {}};
  return {Found::Stale, diff ? unified_diff(existing, f.content, "a/" + f.path, "b/" + f.path) : std::string()};
}

// The files under each of `scopes` that an earlier build generated and this
// one does not produce (relative to out_dir, sorted, each once); `produced`
// holds this build's paths.
std::vector<std::string> find_extra(const std::string& out_dir, std::vector<std::string_view>& produced,
                                    const std::vector<std::string>& scopes, base::DiagSink& sink) {
  std::vector<std::string> extra;
  bool produced_sorted = false;  // sorted when first needed: a fresh build has no directory to look through
  std::string head;
  for (const std::string& scope : scopes) {
    std::string root = scope.empty() ? out_dir : join(out_dir, scope);
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(root, ec))) continue;
    if (!std::exchange(produced_sorted, true)) std::sort(produced.begin(), produced.end());
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::directory_entry& e = *it;
      std::string name = e.path().filename().string();
      if (e.is_symlink(ec)) continue;
      if (e.is_directory(ec)) {
        if (!name.empty() && name[0] == '.') it.disable_recursion_pending();
        continue;
      }
      if (!e.is_regular_file(ec)) continue;
      // The path below out_dir, without fs::relative (it resolves symbolic links, a readlink per component).
      std::string rel = e.path().generic_string().substr(out_dir.empty() ? 0 : out_dir.size() + 1);
      if (std::binary_search(produced.begin(), produced.end(), std::string_view(rel)) ||
          !read_prefix(e.path().string(), kGeneratedSlash.size(), head) || !is_generated(head))
        continue;
      extra.push_back(rel);
    }
    if (ec)
      sink.report(base::DiagKind::WriteFailed, {}, fmt::format("cannot read the directory `{}`: {}", root, ec.message()));
  }
  std::sort(extra.begin(), extra.end());
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  return extra;
}

}  // namespace

namespace {

// A directory this build creates (`top`, with everything under it) is built
// under a hidden name beside it and renamed into place once all its files
// are written: one rename for a whole new tree instead of one per file, and
// a build that fails half-way leaves no part of it.
struct NewTree {
  std::string top, tmp;
};

// Where the files of one directory go: a directory that exists is written
// in place (each file through a temporary file renamed over it); a missing
// one is made inside its new tree.
struct Dir {
  std::string real;          // where its files go now
  bool in_new_tree = false;  // nothing is there yet: files are written under their own names
  bool early = false;        // its files came through `add`: written (new tree) or compared (in place) already
};

// Files of one directory as one piece of work: written, or (when `found` is
// given, one per file) compared with what is there. A few hundred small
// files, or a few big ones (a YAML stream of 1,000 services is 3.5 MB), so
// that threads share the work of one big directory evenly and a big file
// goes out while the evaluation goes on.
struct Chunk {
  const Dir* dir = nullptr;
  std::vector<const OutputFile*> files;
  std::vector<Found*> found;
  std::size_t bytes = 0;  // of the files' contents

  /// Adds f; true when the chunk is full.
  bool take(const OutputFile* f) {
    files.push_back(f);
    bytes += f->content.size();
    return files.size() == kFiles || bytes >= kBytes;
  }
  /// An empty chunk of directory d.
  static Chunk of(const Dir* d) { return Chunk{d, {}, {}, 0}; }
  /// An empty chunk of the same directory.
  Chunk next() const { return of(dir); }

  static constexpr std::size_t kFiles = 256, kBytes = 256 << 10;
};

// On failure, the file and why.
struct WriteError {
  const OutputFile* file = nullptr;
  std::string why;
};

// Does the work of one chunk through a descriptor of its directory (short
// names for the kernel to look up); `diffs`: of the stale files compared.
WriteError run_chunk(const Chunk& c, bool diffs) {
  const Dir& d = *c.dir;
  int dir_fd = ::open(d.real.empty() ? "." : d.real.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!c.found.empty()) {
    std::string existing;
    for (std::size_t i = 0; i < c.files.size(); ++i) *c.found[i] = compare_file(dir_fd, *c.files[i], existing, diffs);
    if (dir_fd >= 0) ::close(dir_fd);
    return {};
  }
  if (dir_fd < 0) return {c.files.front(), std::strerror(errno)};
  WriteError error;
  for (const OutputFile* f : c.files) {
    std::string name(name_of(f->path));
    std::string tmp = d.in_new_tree ? name : "." + name + ".strata-tmp";
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (d.in_new_tree ? O_EXCL : O_TRUNC);
    int fd = ::openat(dir_fd, tmp.c_str(), flags, 0644);
    bool ok = fd >= 0 && write_all(fd, f->content);
    if (fd >= 0 && ::close(fd) != 0) ok = false;
    if (ok && !d.in_new_tree && ::renameat(dir_fd, tmp.c_str(), dir_fd, name.c_str()) != 0) ok = false;
    if (!ok) {
      error = {f, std::strerror(errno)};
      if (!d.in_new_tree) ::unlinkat(dir_fd, tmp.c_str(), 0);
      break;
    }
  }
  ::close(dir_fd);
  return error;
}

}  // namespace

struct OutputTree::Impl {
  Impl(std::string dir, base::DiagSink& s, unsigned n, bool w) : out_dir(std::move(dir)), sink(s), threads(n), write(w) {}

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = closed = true;
    }
    ready.notify_all();
    for (std::thread& t : pool) t.join();
    for (const NewTree& t : trees) remove_tree(t.tmp);  // left only when the build failed
  }

  const std::string out_dir;
  base::DiagSink& sink;
  const unsigned threads;
  const bool write;  // false for `build --check`
  std::vector<NewTree> trees;
  std::unordered_map<std::string, std::unique_ptr<Dir>> dirs;  // by path; chunks point at them
  std::unordered_set<std::string> checked;                       // parents_of's, for add

  // What files compared early found, by file index (null: not compared early).
  std::deque<Found> early_found;
  std::vector<const Found*> early;

  // add's current directory, and its files not queued yet.
  bool seen = false;
  std::string current_rel;
  Chunk pending;  // its dir is null when current_rel's files wait for compare and apply

  // The chunks to do, taken by the pool's threads (and by this one's when it waits).
  std::mutex mutex;
  std::condition_variable ready, idle;
  std::deque<Chunk> queue;
  std::size_t busy = 0;  // chunks being done
  bool closed = false;   // no chunk comes any more: threads leave once the queue is empty
  bool stop = false;     // the build failed: threads leave now
  std::vector<WriteError> errors;
  std::vector<std::thread> pool;

  void push(Chunk c) {
    if (c.files.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      queue.push_back(std::move(c));
    }
    ready.notify_one();
  }

  bool take(Chunk& c, bool wait) {
    std::unique_lock<std::mutex> lock(mutex);
    if (wait) ready.wait(lock, [&] { return stop || closed || !queue.empty(); });
    if (stop || queue.empty()) return false;
    c = std::move(queue.front());
    queue.pop_front();
    ++busy;
    return true;
  }

  void run(const Chunk& c) {
    WriteError e = run_chunk(c, !write);
    std::lock_guard<std::mutex> lock(mutex);
    if (e.file) errors.push_back(std::move(e));
    if (--busy == 0 && queue.empty()) idle.notify_all();
  }

  // The pool's threads: chunks until there are none left and none will come.
  void work() {
    for (Chunk c; take(c, true);) run(c);
  }

  // This thread: chunks while there are some, then waits for the others'.
  void help_until_idle() {
    for (Chunk c; take(c, false);) run(c);
    std::unique_lock<std::mutex> lock(mutex);
    idle.wait(lock, [&] { return busy == 0 && (queue.empty() || stop); });
  }

  void start_pool() {
    if (!pool.empty()) return;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([this] { work(); });
  }

  // Queues add's files not queued yet.
  void flush_pending() {
    if (pending.files.empty()) return;
    start_pool();
    push(std::exchange(pending, pending.next()));
  }

  static void remove_tree(const std::string& tmp) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
  }

  bool failed(const OutputFile& f, std::string_view why) {
    sink.report(base::DiagKind::WriteFailed, f.where, fmt::format("cannot write `{}`: {}", f.path, why));
    return false;
  }

  // Where the files of directory `dir` go: itself, or its place in a new
  // tree, made now. Null when it cannot be made (reported unless `quiet`).
  Dir* prepare(const std::string& dir, const OutputFile& first, bool quiet) {
    auto d = std::make_unique<Dir>();
    d->in_new_tree = !is_directory(dir);
    d->real = dir;
    if (d->in_new_tree) {
      // The highest missing directory, at most the output directory itself.
      std::string top = dir;
      while (top != out_dir && !top.empty()) {
        std::string up(dir_of(top));
        if (exists(up)) break;  // a file in the way makes the mkdir below fail
        top = up;
      }
      const NewTree* tree = nullptr;
      for (const NewTree& t : trees)
        if (t.top == top) tree = &t;
      std::error_code ec;
      if (!tree) {
        std::string parent(dir_of(top));
        // `-o a/b/out`: a/b is made only once the build is known to be good.
        if (top == out_dir && !parent.empty() && !is_directory(parent)) {
          if (quiet) return nullptr;
          fs::create_directories(parent, ec);
        }
        NewTree t{top, join(parent, "." + std::string(name_of(top)) + ".strata-tmp")};
        remove_tree(t.tmp);  // a leftover of a build that was killed
        if (ec || ::mkdir(t.tmp.c_str(), 0777) != 0) {
          if (!quiet) failed(first, ec ? ec.message() : std::strerror(errno));
          return nullptr;
        }
        trees.push_back(std::move(t));
        tree = &trees.back();
      }
      d->real = tree->tmp + dir.substr(top.size());
      fs::create_directories(d->real, ec);
      if (ec) {
        if (!quiet) failed(first, ec.message());
        return nullptr;
      }
    }
    return (dirs[dir] = std::move(d)).get();
  }

  // The directory of a file handed to `add`, when its files can be dealt
  // with now: written into a new tree when it is missing below real
  // directories, compared when it is a real directory reached through real
  // directories. Null when they wait (a symbolic link or a file on the way,
  // which compare reports; a missing directory under `--check`; a new
  // tree that cannot be made now).
  Dir* early_dir(const OutputFile& f) {
    std::string dir(dir_of(join(out_dir, f.path)));
    if (auto it = dirs.find(dir); it != dirs.end()) return it->second->early ? it->second.get() : nullptr;
    // Every directory from the output directory's down to dir that exists
    // must be a real one (the output directory itself may be a link).
    bool missing = !is_directory(out_dir);
    if (missing && exists(out_dir)) return nullptr;  // a file in the way
    if (!missing) {
      std::string bad;
      Parents p = parents_of(out_dir, f.path, checked, bad);
      if (p == Parents::Link || p == Parents::File) return nullptr;
      missing = p == Parents::Missing;
    }
    Dir* d = nullptr;
    if (!missing) {
      auto made = std::make_unique<Dir>();
      made->real = dir;
      d = (dirs[dir] = std::move(made)).get();
    } else if (write) {
      d = prepare(dir, f, true);
    }
    if (d) d->early = true;
    return d;
  }
};

OutputTree::OutputTree(std::string out_dir, base::DiagSink& sink, unsigned threads, bool write)
    : impl_(std::make_unique<Impl>(std::move(out_dir), sink, threads, write)) {}
OutputTree::~OutputTree() = default;

void OutputTree::add(const OutputFiles& files, std::size_t index) {
  Impl& m = *impl_;
  if (m.threads < 2) return;  // one thread: compare and apply do it all
  const OutputFile& f = files[index];
  std::string_view rel = dir_of(f.path);
  if (!m.seen || rel != m.current_rel) {
    m.flush_pending();
    m.seen = true;
    m.current_rel.assign(rel);
    m.pending.dir = m.early_dir(f);
  }
  if (!m.pending.dir) return;
  if (!m.pending.dir->in_new_tree) {
    if (m.early.size() <= index) m.early.resize(index + 1, nullptr);
    m.early[index] = &m.early_found.emplace_back();
    m.pending.found.push_back(&m.early_found.back());
  }
  if (m.pending.take(&f)) m.flush_pending();
}

TreeDiff OutputTree::compare(const OutputFiles& files, const std::vector<std::string>& scopes) {
  Impl& m = *impl_;
  m.flush_pending();
  m.seen = false;
  // The files not compared early: each directory's state is found once
  // (files come grouped by directory), and those of real directories are
  // read in chunks by the pool and this thread, like the early ones.
  std::vector<Found> found(files.size());
  std::vector<std::string_view> produced;
  produced.reserve(files.size());
  std::deque<Dir> late;  // the directories read now
  Chunk chunk;
  std::string_view last_dir, missing_dir;
  bool last_good = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const OutputFile& f = files[i];
    produced.push_back(f.path);
    if (i < m.early.size() && m.early[i]) continue;
    std::string_view dir = f.path.find('/') == std::string::npos ? std::string_view() : dir_of(f.path);
    const bool same_dir = last_good && dir == last_dir;
    Parents parents = same_dir                                     ? Parents::Good
                      : !missing_dir.empty() && dir == missing_dir ? Parents::Missing
                                                                   : check_parents(m.out_dir, f, m.checked, m.sink);
    if (parents == Parents::Missing) missing_dir = dir;
    if (parents == Parents::Link || parents == Parents::File) found[i].kind = Found::Refused;
    if (parents != Parents::Good) continue;  // a missing directory's files are missing (found's default)
    if (!same_dir) m.push(std::exchange(chunk, Chunk::of(&late.emplace_back(Dir{join(m.out_dir, std::string(dir))}))));
    chunk.found.push_back(&found[i]);
    if (chunk.take(&f)) m.push(std::exchange(chunk, chunk.next()));
    last_dir = dir;
    last_good = true;
  }
  m.push(std::move(chunk));
  m.start_pool();
  m.help_until_idle();

  TreeDiff diff;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const OutputFile& f = files[i];
    const Found& at = i < m.early.size() && m.early[i] ? *m.early[i] : found[i];
    switch (at.kind) {
      case Found::Missing:
        diff.missing.push_back(f.path);
        diff.to_write.push_back(i);
        break;
      case Found::NotOurs:
        m.sink.report(base::DiagKind::WouldOverwrite, f.where,
                      fmt::format("`{}` exists and was not generated by strata; move it away or delete it", f.path));
        break;
      case Found::Unchanged: ++diff.unchanged; break;
      case Found::Stale:
        diff.stale.push_back(f.path);
        diff.to_write.push_back(i);
        diff.diffs += at.diff;
        break;
      case Found::Refused: break;
    }
  }
  diff.extra = find_extra(m.out_dir, produced, scopes, m.sink);
  return diff;
}

bool OutputTree::apply(const OutputFiles& files, const TreeDiff& diff) {
  Impl& m = *impl_;
  // The rest, by directory, in the order of their first file.
  std::string_view last_rel;  // files come grouped by directory: one lookup per directory
  Dir* last = nullptr;
  Chunk chunk;
  for (std::size_t i : diff.to_write) {
    const OutputFile& f = files[i];
    std::string_view rel = dir_of(f.path);
    if (!chunk.dir || rel != last_rel) {
      std::string dir(dir_of(join(m.out_dir, f.path)));
      auto it = m.dirs.find(dir);
      last = it != m.dirs.end() ? it->second.get() : m.prepare(dir, f, false);
      if (!last) return false;
      last_rel = rel;
      m.push(std::exchange(chunk, Chunk::of(last)));
    }
    if (last->early && last->in_new_tree) continue;  // written already
    if (chunk.take(&f)) m.push(std::exchange(chunk, chunk.next()));
  }
  m.push(std::move(chunk));
  // Creating files costs the kernel more than anything else a build does:
  // the pool and this thread write the chunks left.
  {
    std::lock_guard<std::mutex> lock(m.mutex);
    m.closed = true;
  }
  m.ready.notify_all();
  m.start_pool();
  m.work();
  for (std::thread& t : m.pool) t.join();
  m.pool.clear();
  if (!m.errors.empty()) {
    // The first in path order, whichever thread met it first.
    auto first = std::min_element(m.errors.begin(), m.errors.end(),
                                  [](const WriteError& a, const WriteError& b) { return a.file->path < b.file->path; });
    return m.failed(*first->file, first->why);
  }
  for (std::size_t i = 0; i < m.trees.size(); ++i)
    if (::rename(m.trees[i].tmp.c_str(), m.trees[i].top.c_str()) != 0) {
      m.sink.report(base::DiagKind::WriteFailed, {},
                    fmt::format("cannot create `{}`: {}", m.trees[i].top, std::strerror(errno)));
      m.trees.erase(m.trees.begin(), m.trees.begin() + static_cast<std::ptrdiff_t>(i));
      return false;
    }
  m.trees.clear();
  for (const std::string& rel : diff.extra) {
    std::string full = join(m.out_dir, rel);
    if (::unlink(full.c_str()) != 0) {
      m.sink.report(base::DiagKind::WriteFailed, {}, fmt::format("cannot remove `{}`: {}", rel, std::strerror(errno)));
      return false;
    }
    // Directories the removal leaves empty go too (rmdir refuses non-empty ones).
    for (fs::path dir = fs::path(rel).parent_path(); !dir.empty(); dir = dir.parent_path())
      if (::rmdir(join(m.out_dir, dir.string()).c_str()) != 0) break;
  }
  return true;
}

}  // namespace strata::emit
