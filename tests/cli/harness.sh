# Sourced by the shell tests with the strata binary's path as $1: sets
# `strata` (absolute), `here` (tests/cli), `root` (the source tree), a
# scratch directory `work` removed on exit, and the counters `passed` and
# `failed` with `ok` and `fail MESSAGE`.
strata=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
