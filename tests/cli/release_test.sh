#!/usr/bin/env bash
# The release build's malloc tuning (driver/malloc_tuning.cpp, compiled out
# under the sanitizers the other tests use) never changes what is built:
# with the 1 GiB heap reserve refused (address space limited to 900 MiB, as
# under strict overcommit or `ulimit -v`), and with the user's own malloc
# tunables (tuning skipped), builds give the same trees as a normal build.
#   usage: release_test.sh PATH/TO/strata   (a build without sanitizers)
set -u
source "$(dirname "$0")/harness.sh" "$1"

python3 "$root/bench/gen_build.py" 100 "$work/bench" >/dev/null
for project in "$root/examples/hello" "$root/examples/in-midst-my-life" "$work/bench"; do
  name=$(basename "$project")
  if ! "$strata" -C "$project" build -o "$work/out/$name/normal" >/dev/null 2>"$work/err"; then
    fail "$name: the normal build failed"; cat "$work/err"; continue
  fi
  for variant in limited tunables; do
    if [ "$variant" = limited ]; then
      (ulimit -v 921600 && "$strata" -C "$project" build -o "$work/out/$name/$variant") >/dev/null 2>"$work/err"
    else
      GLIBC_TUNABLES=glibc.malloc.arena_max=2 "$strata" -C "$project" build -o "$work/out/$name/$variant" >/dev/null 2>"$work/err"
    fi
    code=$?
    if [ "$code" != 0 ]; then
      fail "$name ($variant): exit $code"; head -20 "$work/err"
    elif ! diff -r "$work/out/$name/normal" "$work/out/$name/$variant" >/dev/null; then
      fail "$name ($variant): the tree differs from the normal build's"
    else
      ok
    fi
  done
done
echo "release: $passed passed, $failed failed"
[ "$failed" = 0 ]
