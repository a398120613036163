// fmt's compiled part, built here rather than linked from libfmt.so: Debian's
// libfmt-dev ships no static library, and the release binary is linked
// statically (meson.build says why). What libfmt's own source does: the
// non-template functions of format-inl.h, defined once, and the two locale
// templates format.h declares but leaves to the library to instantiate.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl<char>(locale_ref) -> char;
}  // namespace detail
FMT_END_NAMESPACE
