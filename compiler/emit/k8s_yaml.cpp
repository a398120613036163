#include "emit/k8s_yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <unordered_map>
#include <utility>

#include "base/yaml_writer.hpp"
#include "emit/object_walk.hpp"
#include "emit/typed_objects.hpp"

namespace strata::emit {

using eval::Value;

namespace {

bool dns_name(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  return s.front() != '-' && s.front() != '.' && s.back() != '-' && s.back() != '.';
}

bool kind_name(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// An object of the list whose kind and name are good: it is written.
struct Job {
  const Value* obj;
  std::string_view kind, api_version;  // api_version empty when the object has none
  std::string file;      // `<kind>-<name>.yaml`
  std::size_t pre = 0;   // diagnostics of the list reported before this object's
  std::string text;      // its file's text (one file per object)
  bool failed = false;
  EmittedObject::Proof proof = EmittedObject::Proof::Unknown;
};

// What one thread wrote of a run of jobs: the texts of its objects one after
// another (a stream), and what writing them reported (job index ->
// diagnostics).
struct Chunk {
  std::string text;
  std::vector<std::pair<std::size_t, base::DiagSink>> diags;
};

constexpr std::size_t kChunk = 256;  // objects per chunk

// One past the last job of chunk c.
std::size_t chunk_end(std::size_t c, const std::vector<Job>& jobs) { return std::min(jobs.size(), (c + 1) * kChunk); }

// Writes the jobs of chunks taken from `next` until none is left.
void write_chunks(std::vector<Job>& jobs, std::vector<Chunk>& chunks, std::atomic<std::size_t>& next, bool stream,
                  bool prove, const base::Interner& names) {
  std::string yaml;
  base::YamlWriter w(yaml);  // one per thread: it remembers which field names need quotes
  TypedObjects typed(names);  // one per thread: it caches per schema
  base::DiagSink scratch;
  for (std::size_t c; (c = next++) < chunks.size();) {
    yaml.clear();
    for (std::size_t j = c * kChunk; j < chunk_end(c, jobs); ++j) {
      Job& job = jobs[j];
      std::size_t begin = stream ? yaml.size() : 0;
      if (!stream) yaml.clear();
      yaml += stream ? std::string_view("---\n") : kGeneratedHash;
      ObjectWalker<base::YamlWriter> ow{names, scratch, w};
      const Value& obj = *job.obj;
      const Value* extra = obj.record() ? child(obj, "extra", names) : nullptr;
      if (extra && !extra->map()) {
        ow.bad(*extra, "`extra` is a map of fields to add to the object");
        extra = nullptr;
      }
      ow.mapping(obj, extra ? extra->map() : nullptr, obj.record() != nullptr);
      if (yaml.back() != '\n') yaml += '\n';
      job.failed = ow.failed;
      if (job.failed) yaml.resize(begin);
      // Copied at its exact size: a file kept with a spare capacity for each
      // of 24,000 objects would hold three times its bytes.
      else if (!stream) job.text = yaml;
      if (!scratch.diagnostics().empty()) chunks[c].diags.emplace_back(j, std::exchange(scratch, {}));
      if (prove && !job.failed)
        job.proof = typed.proven(obj, job.api_version, job.kind) ? EmittedObject::Proof::Proven
                                                                 : EmittedObject::Proof::Unproven;
    }
    if (stream) chunks[c].text = yaml;  // at its exact size
  }
}

}  // namespace

void k8s_files(const std::string& dir, const Value& objects, base::Location where, const base::Interner& names,
               base::DiagSink& sink, OutputFiles& files, std::vector<EmittedObject>& emitted,
               const K8sOptions& options) {
  const eval::List* list = objects.list();
  if (!list) {
    sink.report(base::DiagKind::UnwritableOutput, where,
                "this output is neither a list of Kubernetes objects, `dotenv(...)` nor `cxx.header(...)`");
    return;
  }
  // `PATH.yaml`: one multi-document file; any other PATH: a directory.
  const bool stream = dir.ends_with(".yaml") || dir.ends_with(".yml");
  // First, which objects are written, and to which file (reported in `pre`).
  base::DiagSink pre;
  std::vector<Job> jobs;
  jobs.reserve(list->items.size());
  std::unordered_map<std::string_view, const Value*> seen;  // file name -> first object
  seen.reserve(list->items.size());
  for (const Value& obj : list->items) {
    const Value* kind = is_mapping(&obj) ? child(obj, "kind", names) : nullptr;
    const Value* meta = is_mapping(&obj) ? child(obj, "metadata", names) : nullptr;
    const Value* name = meta && is_mapping(meta) ? child(*meta, "name", names) : nullptr;
    // A value that could not be computed was reported where it failed.
    auto failed = [](const Value* v) { return v && v->is_error(); };
    if (obj.is_error() || failed(kind) || failed(meta) || failed(name)) continue;
    if (!kind || !kind->str() || !name || !name->str()) {
      pre.report(base::DiagKind::NotAnObject, loc(obj).file != base::kNoFile ? loc(obj) : where,
                 "a Kubernetes object needs a string `kind` and a string `metadata.name`");
      continue;
    }
    if (!kind_name(*kind->str()) || !dns_name(*name->str())) {
      pre.report(base::DiagKind::NotAnObject, !kind_name(*kind->str()) ? loc(*kind) : loc(*name),
                 !kind_name(*kind->str())
                     ? fmt::format("`{}` is not a Kubernetes kind (letters and digits only)", *kind->str())
                     : fmt::format("`{}` is not a valid object name: lower-case letters, digits, `-` and `.`, "
                                   "starting and ending with a letter or digit, at most 253 characters",
                                   *name->str()));
      continue;
    }
    const Value* api = child(obj, "apiVersion", names);
    jobs.push_back({&obj, *kind->str(), api && api->str() ? *api->str() : std::string_view(),
                    fmt::format("{}-{}.yaml", lower(*kind->str()), *name->str()), pre.diagnostics().size(), {}});
    // Views of the job's own file name: jobs does not grow past its reserve.
    auto [it, fresh] = seen.emplace(jobs.back().file, &obj);
    if (!fresh) {
      pre.report(base::DiagKind::DuplicateOutput, loc(*name),
                 stream ? fmt::format("two objects of `{}` are {} `{}`", dir, *kind->str(), *name->str())
                        : fmt::format("two objects of this output are written to `{}/{}`", dir, jobs.back().file));
      pre.last().notes.push_back(
          {loc(*child(*child(*it->second, "metadata", names), "name", names)), "the first one is named here"});
      jobs.pop_back();
    }
  }
  // Then their YAML, in chunks, on this thread and on any that joins
  // through the share.
  std::vector<Chunk> chunks((jobs.size() + kChunk - 1) / kChunk);
  std::atomic<std::size_t> next{0};
  auto work = [&] { write_chunks(jobs, chunks, next, stream, options.prove, names); };
  if (options.share) options.share->run(work);
  else work();
  // Last, the files and diagnostics, in list order.
  std::string listing(kGeneratedHash);  // the directory's kustomization.yaml, or the stream's whole text
  if (!stream) {
    listing += "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:";
    if (jobs.empty()) listing += " []";
    listing += '\n';
  }
  std::size_t pre_done = 0;
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    std::size_t d = 0;
    for (std::size_t j = c * kChunk; j < chunk_end(c, jobs); ++j) {
      Job& job = jobs[j];
      for (; pre_done < job.pre; ++pre_done) sink.add(pre.diagnostics()[pre_done]);
      if (d < chunks[c].diags.size() && chunks[c].diags[d].first == j) sink.append(std::move(chunks[c].diags[d++].second));
      if (job.failed) continue;
      std::string path = stream ? dir : dir + "/" + job.file;
      emitted.push_back({job.obj, job.api_version, job.kind, path, job.proof});
      if (stream) continue;
      listing += "  - ";
      listing += job.file;
      listing += '\n';
      files.push_back({std::move(path), std::move(job.text), where});
    }
    if (stream) listing += chunks[c].text;
  }
  for (; pre_done < pre.diagnostics().size(); ++pre_done) sink.add(pre.diagnostics()[pre_done]);
  files.push_back({stream ? dir : dir + "/kustomization.yaml", std::move(listing), where});
}

const Value* value_at(const Value& object, const std::vector<std::string>& path, const base::Interner& names) {
  const Value* cur = &object;
  const Value* extra = object.record() ? child(object, "extra", names) : nullptr;
  const eval::Map* over = extra ? extra->map() : nullptr;
  for (const std::string& k : path) {
    if (const eval::List* l = cur->list()) {
      std::size_t i = 0;
      if (k.empty() || k.size() > 9 || k.find_first_not_of("0123456789") != std::string::npos) return cur;
      i = std::stoul(k);
      if (i >= l->items.size()) return cur;
      cur = &l->items[i];
      over = nullptr;
      continue;
    }
    if (!is_mapping(cur)) return cur;
    const Value* own = child(*cur, k, names);
    const Value* ov = over ? over->find(k) : nullptr;
    if (ov && !(is_mapping(ov) && is_mapping(own))) {
      cur = ov;
      over = nullptr;
    } else if (own) {
      cur = own;
      over = ov ? ov->map() : nullptr;
    } else {
      return cur;
    }
  }
  return cur;
}

}  // namespace strata::emit
