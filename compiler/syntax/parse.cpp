#include "syntax/parse.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "base/big_stack.hpp"
#include "syntax/lexical_scan.hpp"
#include "syntax/parse_state.hpp"

namespace strata::syntax {
namespace {

// Attaches the run of `///` comments that ends right before each node.
class DocAttacher {
 public:
  DocAttacher(std::string_view text, const std::vector<ast::Comment>& comments) : text_(text) {
    for (const ast::Comment& c : comments)
      if (c.kind == ast::CommentKind::Doc) docs_.push_back(c);
  }

  std::string doc_before(std::uint32_t offset) const {
    // the last doc comment that ends before offset
    auto it = std::lower_bound(docs_.begin(), docs_.end(), offset,
                               [](const ast::Comment& c, std::uint32_t off) { return c.range.end <= off; });
    std::vector<const ast::Comment*> run;
    std::uint32_t next = offset;
    while (it != docs_.begin()) {
      --it;
      if (!only_space(it->range.end, next)) break;
      run.push_back(&*it);
      next = it->range.begin;
    }
    std::string doc;
    for (auto r = run.rbegin(); r != run.rend(); ++r) {
      std::string_view line = text_.substr((*r)->range.begin + 3, (*r)->range.end - (*r)->range.begin - 3);
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (!doc.empty()) doc += '\n';
      doc += line;
    }
    return doc;
  }

  void attach(ast::File& file) const {
    if (docs_.empty()) return;
    for (ast::Decl* d : file.decls) {
      d->doc = doc_before(d->range.begin);
      if (auto* s = std::get_if<ast::SchemaDecl>(&d->node)) attach_members(s->members);
      if (auto* e = std::get_if<ast::EnumDecl>(&d->node))
        for (ast::EnumCase& c : e->cases) c.doc = doc_before(c.name.range.begin);
    }
  }

 private:
  void attach_members(std::vector<ast::SchemaMember*>& members) const {
    for (ast::SchemaMember* m : members) {
      m->doc = doc_before(m->range.begin);
      if (auto* f = std::get_if<ast::FieldDecl>(&m->node); f && f->type)
        if (auto* r = std::get_if<ast::RecordType>(&f->type->node)) attach_members(r->members);
    }
  }

  bool only_space(std::uint32_t a, std::uint32_t b) const {
    for (std::uint32_t i = a; i < b && i < text_.size(); ++i) {
      char c = text_[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
    }
    return true;
  }

  std::string_view text_;
  std::vector<ast::Comment> docs_;
};

}  // namespace

ast::File parse(const base::SourceManager& sm, base::FileId file_id, base::Interner& names, base::DiagSink& sink) {
  ast::File file;
  file.file = file_id;
  std::string_view text = sm.file(file_id).text();
  if (text.size() > kMaxFileBytes) {
    sink.report(base::DiagKind::FileTooLarge, {file_id, {0, 0}},
                fmt::format("file is {} bytes; the limit is {} bytes", text.size(), kMaxFileBytes));
    return file;
  }
  LexicalScan scan = scan_lexical(text, file_id, sink);
  file.comments = std::move(scan.comments);
  if (!scan.ok) return file;

  grammar::ParseState st(file, names, sink, text.data(), text.data() + text.size());
  st.content_offset = scan.content_begin;
  // The grammar is recursive; its own depth limit (E0006) ends deep nesting
  // long before this stack could run out, even under the sanitizers.
  base::run_with_big_stack([&] { grammar::run_grammar(st); });
  DocAttacher(text, file.comments).attach(file);
  return file;
}

}  // namespace strata::syntax
