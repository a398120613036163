#pragma once
/// The `.env` emitter: `dotenv(map)` as a file that Node's `--env-file`, the
/// `dotenv` npm package and bash (`set -a; . FILE`) all read the same way.
/// The rules, and why each refused value is refused: docs/dotenv.md.

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.hpp"
#include "base/interner.hpp"
#include "emit/output_file.hpp"
#include "eval/value.hpp"

namespace strata::emit {

/// The first line of every generated .env file.
inline constexpr std::string_view kDotenvHeader = kGeneratedHash;

/// The text of a .env file for `vars` (a Map value: keys are variable names, values scalars
/// or secrets), or nullopt after reporting every problem to sink (all of them, not the first).
///
/// The file is the header line, then one line per variable in key order:
/// `KEY='text'`, the text being what `to_string` makes of the value; a secret
/// becomes a comment naming the Secret to mount; an absent value is left out.
/// An error value (reported already) makes the result nullopt without a report.
std::optional<std::string> dotenv_text(const eval::Value& vars, const base::Interner& names, base::DiagSink& sink);

}  // namespace strata::emit
