#include "emit/output_path.hpp"

namespace strata::emit {

std::optional<std::string> normalize_output_path(std::string_view path, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<std::string> {
    if (why) *why = reason;
    return std::nullopt;
  };
  if (path.empty()) return fail("the path is empty");
  if (path.front() == '/') return fail("the path is absolute");
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty()) return fail("the path has an empty component");
    if (part == "." || part == "..") return fail("the path has a `.` or `..` component");
    if (part.size() > 255) return fail("a component of the path is longer than 255 bytes");
    for (char ch : part) {
      unsigned char c = static_cast<unsigned char>(ch);
      // A backslash is a separator on Windows; control characters make names
      // no shell or editor shows faithfully.
      if (c == '\\') return fail("the path has a backslash");
      if (c < 0x20 || c == 0x7f) return fail("the path has a control character");
    }
    if (!out.empty()) out += '/';
    out += part;
    start = end + 1;
  }
  return out;
}

}  // namespace strata::emit
