#include "driver/build.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "base/big_stack.hpp"
#include "base/work_share.hpp"
#include "driver/kept_evaluation.hpp"
#include "driver/project.hpp"
#include "emit/cxx_header.hpp"
#include "emit/dotenv.hpp"
#include "emit/k8s_yaml.hpp"
#include "emit/output_path.hpp"
#include "emit/validate.hpp"
#include "emit/write_tree.hpp"
#include "eval/evaluate.hpp"
#include "sema/load.hpp"
#include "sema/resolve.hpp"

namespace strata::driver {
namespace {

bool wanted(const eval::OutputItem& item, const std::vector<std::string>& envs) {
  if (envs.empty() || item.envs.empty()) return true;
  return std::any_of(item.envs.begin(), item.envs.end(),
                     [&](const std::string& e) { return std::find(envs.begin(), envs.end(), e) != envs.end(); });
}

// The files of one output; Kubernetes objects are kept for validation.
void emit_output(const eval::OutputItem& item, const std::string& path, const base::Interner& names,
                 base::DiagSink& sink, emit::OutputFiles& files, std::vector<emit::EmittedObject>& objects,
                 const emit::K8sOptions& k8s) {
  const eval::OutputSpec* spec = item.value.output();
  if (spec && spec->kind == eval::OutputSpec::Kind::Dotenv) {
    if (auto text = emit::dotenv_text(spec->vars, names, sink)) files.push_back({path, std::move(*text), item.where});
    return;
  }
  if (spec) {
    emit::CxxHeaderRequest req{spec->schema, spec->ns, spec->envs, {item.value.origin.file, item.value.origin.range}, {}};
    if (auto text = emit::cxx_header_text(req, names, sink)) files.push_back({path, std::move(*text), item.where});
    return;
  }
  emit::k8s_files(path, item.value, item.where, names, sink, files, objects, k8s);
}

std::string summary(const emit::TreeDiff& d, const std::string& out_dir) {
  std::string where = out_dir == "." ? "" : fmt::format(" in `{}`", out_dir);
  return fmt::format("strata: wrote {} file{}{}, removed {}, {} unchanged\n", d.missing.size() + d.stale.size(),
                     d.missing.size() + d.stale.size() == 1 ? "" : "s", where, d.extra.size(), d.unchanged);
}

std::vector<std::string> sorted(std::vector<std::string> paths) {
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Sorted here rather than by OutputTree::compare: a build only counts them.
std::string check_report(const emit::TreeDiff& d) {
  std::string out;
  for (const std::string& p : sorted(d.missing)) out += fmt::format("missing: {}\n", p);
  for (const std::string& p : sorted(d.stale)) out += fmt::format("stale:   {}\n", p);
  for (const std::string& p : d.extra) out += fmt::format("extra:   {} (generated earlier, no longer produced)\n", p);
  if (!d.diffs.empty()) out += "\n" + d.diffs;
  out += fmt::format("strata: the output is out of date: {} missing, {} stale, {} extra; run `strata build`\n",
                     d.missing.size(), d.stale.size(), d.extra.size());
  return out;
}

// Runs `emit` on each output pushed, in order, on a thread of its own (with
// a big stack, as emitting walks nested values), while the evaluation goes
// on with the next outputs: at N=1,000 emitting YAML costs a third as much
// as evaluating. The values it reads are never changed once made, and the
// evaluation interns no name. It reports to a sink of its own. Once the
// evaluation is over, its thread joins in: the emitter is idle when the last
// output comes, so nothing else would split that one between the cores.
class EmitThread {
 public:
  /// Emits an output; a thread with nothing else to do may join in through the share.
  using Emit = std::function<void(const eval::OutputItem&, base::DiagSink&, base::WorkShare*)>;
  explicit EmitThread(Emit emit)
      : emit_(std::move(emit)), thread_([this] {
          base::run_with_big_stack([this] { loop(); });
          share_.close();
        }) {}
  ~EmitThread() { stop(); }

  /// Queues a copy of item (the evaluation's own may move as it grows).
  void push(const eval::OutputItem& item) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(item);
    }
    ready_.notify_one();
  }
  /// Helps emit what is queued and waits until every output pushed is
  /// emitted; moves the diagnostics to sink. Call it on a big stack.
  void finish(base::DiagSink& sink) {
    no_more();
    share_.help();
    stop();
    sink.append(std::move(sink_));
  }

 private:
  // Nothing more is pushed: the emitter stops once its queue is empty.
  void no_more() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    ready_.notify_one();
  }
  void stop() {
    no_more();
    if (thread_.joinable()) thread_.join();
  }
  void loop() {
    for (;;) {
      eval::OutputItem item;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return done_ || !queue_.empty(); });
        if (queue_.empty()) return;
        item = std::move(queue_.front());
        queue_.pop_front();
      }
      emit_(item, sink_, &share_);
    }
  }

  Emit emit_;
  base::DiagSink sink_;
  base::WorkShare share_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<eval::OutputItem> queue_;
  bool done_ = false;
  std::thread thread_;  // last: it starts once the rest is made
};

}  // namespace

BuildStatus run_build(const BuildRequest& req, base::SourceManager& sm, base::Interner& names, base::DiagSink& sink,
                      std::string& out) {
  sema::Program program = sema::load_program(entry_path_for("."), sm, names, sink);
  if (!program.entry) return BuildStatus::Errors;
  sema::resolve_names(program, names, sink);
  emit::OutputFiles files;
  std::vector<emit::EmittedObject> objects;
  std::set<std::string> scopes;
  std::string out_dir = req.out_dir;
  while (out_dir.size() > 1 && out_dir.back() == '/') out_dir.pop_back();
  // Files are written (into a new tree, hidden until the build is known to
  // be good) or compared with the ones there while the rest of the outputs
  // are evaluated: at N=1,000 creating or reading 24,000 files costs the
  // kernel more than evaluating them.
  emit::OutputTree tree(out_dir, sink, req.threads, !req.check);
  std::unordered_map<std::string, base::Location> first;  // path -> the output that writes it
  first.reserve(1024);
  auto emit = [&](const eval::OutputItem& item, base::DiagSink& out, base::WorkShare* share) {
    if (!wanted(item, req.envs)) return;
    std::string why;
    std::optional<std::string> path = emit::normalize_output_path(item.path, &why);
    if (!path) {
      out.report(base::DiagKind::InvalidOutputPath, item.where,
                 fmt::format("the output path `{}` is not allowed: {}", item.path, why));
      return;
    }
    std::size_t before = files.size();
    std::string_view last_scope;  // files come grouped by directory
    // Which objects validation may skip is worked out as they are emitted,
    // while the evaluation goes on, instead of after it.
    emit::K8sOptions k8s{req.validate == emit::ValidationMode::Typed, share};
    emit_output(item, *path, names, out, files, objects, k8s);
    for (std::size_t i = before; i < files.size(); ++i) {
      const emit::OutputFile& f = files[i];
      auto [it, fresh] = first.emplace(f.path, f.where);
      if (!fresh) {
        out.report(base::DiagKind::DuplicateOutput, f.where, fmt::format("`{}` is written by two outputs", f.path));
        out.last().notes.push_back({it->second, "the other output is here"});
      } else if (!out.has_errors()) {  // a failing build writes nothing more
        tree.add(files, i);
      }
      // Stale files are looked for where this build writes: the top
      // directory of each path, or (with --env) the output's own directory.
      std::string::size_type cut = req.envs.empty() ? f.path.find('/') : f.path.rfind('/');
      if (cut != std::string::npos && std::string_view(f.path).substr(0, cut) != last_scope)
        last_scope = *scopes.insert(f.path.substr(0, cut)).first;
    }
  };
  // The evaluation owns every value the emitters read: it lives until they are done.
  KeptEvaluation ev;
  std::optional<EmitThread> emitter;
  if (req.threads > 1) emitter.emplace(emit);
  base::run_with_big_stack([&] {
    ev.reset(new eval::Evaluation(program, names, sink));
    ev->check_all([&](const eval::OutputItem& item) {
      if (emitter) emitter->push(item);
      else emit(item, sink, nullptr);
    });
    std::vector<std::string> all = ev->env_names();
    for (const std::string& e : req.envs)
      if (std::find(all.begin(), all.end(), e) == all.end())
        sink.report(base::DiagKind::UnknownName, {},
                    fmt::format("`--env {}`: there is no env `{}`; the envs are: {}", e, e, fmt::join(all, ", ")));
    if (emitter) emitter->finish(sink);
  });
  emit::SchemaSet schemas;
  schemas.add_builtin();
  for (const std::string& dir : req.schema_dirs) schemas.add_dir(dir, sink);
  validate_objects(schemas, objects, names, sink, req.threads, req.validate);
  if (sink.has_errors()) return BuildStatus::Errors;

  emit::TreeDiff diff = tree.compare(files, {scopes.begin(), scopes.end()});
  if (sink.has_errors()) return BuildStatus::Errors;
  if (req.check) {
    if (diff.clean()) {
      out = fmt::format("strata: {} file{} up to date\n", diff.unchanged, diff.unchanged == 1 ? "" : "s");
      return BuildStatus::Clean;
    }
    out = check_report(diff);
    return BuildStatus::Differs;
  }
  if (!tree.apply(files, diff)) return BuildStatus::Errors;
  out = summary(diff, out_dir);
  return BuildStatus::Clean;
}

}  // namespace strata::driver
