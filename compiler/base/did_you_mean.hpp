#pragma once
/// "did you mean `x`?": the closest candidate by edit distance.

#include <string>
#include <string_view>
#include <vector>

namespace strata::base {

/// Levenshtein distance between a and b, giving up (returning limit + 1) once
/// it must exceed limit.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// The candidate closest to name, if it is close enough to be a likely typo
/// (at most a third of the name's length, at least 1, edits away); ties go to
/// the first. Empty when none is.
std::string closest_match(std::string_view name, const std::vector<std::string_view>& candidates);

/// "; did you mean `x`?" or "" when there is no close candidate.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace strata::base
