#pragma once
/// Unified diffs of two texts, line by line, for `strata build --check`.

#include <string>
#include <string_view>

namespace strata::emit {

/// The unified diff (3 lines of context, `---`/`+++` headers with the given
/// labels) that turns `before` into `after`; empty when they are equal. When
/// the texts differ in more than about 2,000 lines the diff is replaced by a
/// one-line summary, so a rewritten file never costs quadratic time.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view label_before,
                         std::string_view label_after);

}  // namespace strata::emit
