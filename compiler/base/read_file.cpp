#include "base/read_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace strata::base {

namespace fs = std::filesystem;

std::optional<FileId> read_source(SourceManager& sm, const std::string& path, DiagSink& sink, const std::string& display,
                                  Location at) {
  const std::string& name = display.empty() ? path : display;  // what messages call it
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    std::string msg = fmt::format("cannot read `{}`: no such file", name);
    if (fs::path(path).filename() == kEntryFile)
      msg = fmt::format("cannot read `{}`: no such file (a project is a directory with a `{}`)", name, kEntryFile);
    sink.report(DiagKind::CannotRead, at, msg);
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    sink.report(DiagKind::CannotRead, at, fmt::format("cannot read `{}`: it is a directory, not a file", name));
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    sink.report(DiagKind::CannotRead, at, fmt::format("cannot read `{}`: not a regular file", name));
    return std::nullopt;
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxSourceBytes) {
    sink.report(DiagKind::FileTooLarge, at,
                fmt::format("`{}` is {} bytes; the limit is {} bytes", name, size, kMaxSourceBytes));
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
    sink.report(DiagKind::CannotRead, at, fmt::format("cannot read `{}`: {}", name, std::strerror(errno)));
    return std::nullopt;
  }
  return sm.add(display.empty() ? path : display, std::move(text));
}

}  // namespace strata::base
