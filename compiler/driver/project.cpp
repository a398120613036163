#include "driver/project.hpp"

#include "syntax/parse.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace strata::driver {

namespace fs = std::filesystem;

std::string entry_path_for(const std::string& target) {
  std::error_code ec;
  if (fs::is_directory(target, ec) && fs::path(target).extension() != ".strata") {
    if (target == ".") return kEntryFile;
    return (fs::path(target) / kEntryFile).string();
  }
  return target;
}

std::optional<base::FileId> read_source(base::SourceManager& sm, const std::string& path, base::DiagSink& sink) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    std::string msg = fmt::format("cannot read `{}`: no such file", path);
    if (fs::path(path).filename() == kEntryFile)
      msg = fmt::format("cannot read `{}`: no such file (a project is a directory with a `{}`)", path, kEntryFile);
    sink.report(base::DiagKind::CannotRead, {}, msg);
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    sink.report(base::DiagKind::CannotRead, {}, fmt::format("cannot read `{}`: it is a directory, not a file", path));
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    sink.report(base::DiagKind::CannotRead, {}, fmt::format("cannot read `{}`: not a regular file", path));
    return std::nullopt;
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size > syntax::kMaxFileBytes) {
    sink.report(base::DiagKind::FileTooLarge, {},
                fmt::format("`{}` is {} bytes; the limit is {} bytes", path, size, syntax::kMaxFileBytes));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) {
    text.resize(static_cast<std::size_t>(fs::file_size(path, ec)));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (!in && !in.eof()) {
    sink.report(base::DiagKind::CannotRead, {}, fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
    return std::nullopt;
  }
  return sm.add(path, std::move(text));
}

}  // namespace strata::driver
