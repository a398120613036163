#include "emit/k8s_yaml.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "base/yaml_writer.hpp"
#include "emit/object_walk.hpp"

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

}  // namespace

void k8s_files(const std::string& dir, const Value& objects, base::Location where, const base::Interner& names,
               base::DiagSink& sink, OutputFiles& files, std::vector<EmittedObject>& emitted) {
  const eval::List* list = objects.list();
  if (!list) {
    sink.report(base::DiagKind::UnwritableOutput, where,
                "this output is neither a list of Kubernetes objects, `dotenv(...)` nor `cxx.header(...)`");
    return;
  }
  // `PATH.yaml`: one multi-document file; any other PATH: a directory.
  const bool stream = dir.ends_with(".yaml") || dir.ends_with(".yml");
  std::unordered_map<std::string, const Value*> seen;  // file name -> first object
  std::string listing(kGeneratedHash);  // the directory's kustomization.yaml, or the stream's whole text
  std::string yaml;
  base::YamlWriter w(yaml);  // one for all objects: it remembers which field names need quotes
  if (!stream) {
    listing += "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:";
    if (list->items.empty()) listing += " []";
    listing += '\n';
  }
  for (const Value& obj : list->items) {
    const Value* kind = is_mapping(&obj) ? child(obj, "kind", names) : nullptr;
    const Value* meta = is_mapping(&obj) ? child(obj, "metadata", names) : nullptr;
    const Value* name = meta && is_mapping(meta) ? child(*meta, "name", names) : nullptr;
    // A value that could not be computed was reported where it failed.
    auto failed = [](const Value* v) { return v && v->is_error(); };
    if (obj.is_error() || failed(kind) || failed(meta) || failed(name)) continue;
    if (!kind || !kind->str() || !name || !name->str()) {
      sink.report(base::DiagKind::NotAnObject, loc(obj).file != base::kNoFile ? loc(obj) : where,
                  "a Kubernetes object needs a string `kind` and a string `metadata.name`");
      continue;
    }
    if (!kind_name(*kind->str()) || !dns_name(*name->str())) {
      sink.report(base::DiagKind::NotAnObject, !kind_name(*kind->str()) ? loc(*kind) : loc(*name),
                  !kind_name(*kind->str())
                      ? fmt::format("`{}` is not a Kubernetes kind (letters and digits only)", *kind->str())
                      : fmt::format("`{}` is not a valid object name: lower-case letters, digits, `-` and `.`, "
                                    "starting and ending with a letter or digit, at most 253 characters",
                                    *name->str()));
      continue;
    }
    std::string file = fmt::format("{}-{}.yaml", lower(*kind->str()), *name->str());
    auto [it, fresh] = seen.emplace(file, &obj);
    if (!fresh) {
      sink.report(base::DiagKind::DuplicateOutput, loc(*name),
                  stream ? fmt::format("two objects of `{}` are {} `{}`", dir, *kind->str(), *name->str())
                         : fmt::format("two objects of this output are written to `{}/{}`", dir, file));
      sink.last().notes.push_back({loc(*child(*child(*it->second, "metadata", names), "name", names)),
                                   "the first one is named here"});
      continue;
    }
    // Written into one buffer reused for every object, then copied at its
    // exact size: a file kept with a spare capacity for each of 24,000
    // objects would hold three times its bytes.
    yaml.assign(stream ? std::string_view("---\n") : kGeneratedHash);
    ObjectWalker<base::YamlWriter> ow{names, sink, w};
    const Value* extra = obj.record() ? child(obj, "extra", names) : nullptr;
    if (extra && !extra->map()) {
      ow.bad(*extra, "`extra` is a map of fields to add to the object");
      extra = nullptr;
    }
    ow.mapping(obj, extra ? extra->map() : nullptr, obj.record() != nullptr);
    if (yaml.back() != '\n') yaml += '\n';
    if (ow.failed) continue;
    const Value* api = child(obj, "apiVersion", names);
    std::string path = stream ? dir : dir + "/" + file;
    emitted.push_back({&obj, api && api->str() ? *api->str() : std::string_view(), *kind->str(), path});
    if (stream) {
      listing += yaml;
      continue;
    }
    listing += "  - ";
    listing += file;
    listing += '\n';
    files.push_back({std::move(path), yaml, where});
  }
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
