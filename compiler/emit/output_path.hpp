#pragma once
/// Output paths: relative, normalised, and never leaving the output directory.

#include <optional>
#include <string>
#include <string_view>

namespace strata::emit {

/// The normalised form of an output path written in a project ("k8s/prod",
/// "env/dev/api.env"), or nullopt with *why set when the path is absolute,
/// empty, has an empty, `.` or `..` component, a backslash, a control
/// character, or a component longer than 255 bytes.
std::optional<std::string> normalize_output_path(std::string_view path, std::string* why);

}  // namespace strata::emit
