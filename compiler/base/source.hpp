#pragma once
/// Source files, byte ranges and line tables.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::base {

/// The entry file of a project: `main.strata` in the project directory.
inline constexpr const char* kEntryFile = "main.strata";

/// Source files larger than this are refused (E0007).
inline constexpr std::size_t kMaxSourceBytes = 64u << 20;

/// Index of a file in a SourceManager.
using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

/// A half-open byte range [begin, end) in one source file.
struct Range {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

/// A 1-based line and column; the column counts Unicode code points.
struct LineCol {
  std::uint32_t line = 1;
  std::uint32_t col = 1;
};

/// One loaded source file: its display path, its bytes and where its lines start.
/// LF, CRLF and a lone CR all end a line.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }

  /// Line and column of a byte offset (clamped to the end of the file).
  LineCol line_col(std::uint32_t offset) const;
  /// The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  /// Byte offset of the start of a 1-based line.
  std::uint32_t line_start(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

/// Owns every source file of a run; FileIds index into it.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_[id]; }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace strata::base
