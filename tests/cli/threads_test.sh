#!/usr/bin/env bash
# The threads of `strata build` (evaluation, emitting, writing, validation)
# share no memory unsafely: builds run clean under ThreadSanitizer.
#   usage: threads_test.sh PATH/TO/strata   (a build with -Db_sanitize=thread)
# Built projects: the benchmark's workload at N=100 (803 typed objects per env,
# emitted in chunks on two threads), as directories and as YAML streams; 600
# untyped objects, validated by valijson on two threads; the examples; and
# every case of build_test.sh.
set -u
source "$(dirname "$0")/harness.sh" "$1"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"

# clean NAME DIR ARGS...: strata -C DIR ARGS, with no report from ThreadSanitizer.
clean() {
  local name=$1 dir=$2
  shift 2
  local out code
  out=$("$strata" -C "$dir" "$@" 2>&1)
  code=$?
  if [ "$code" = 66 ] || [[ "$out" == *ThreadSanitizer* ]]; then
    echo "FAIL $name: exit $code"
    echo "$out" | head -40
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}

python3 "$root/bench/gen_build.py" 100 "$work/dirs" >/dev/null
python3 "$root/bench/gen_build.py" 100 "$work/streams" stream >/dev/null
mkdir -p "$work/untyped"
cat > "$work/untyped/main.strata" <<'STRATA'
output "k8s/dev" = [
  for i in 1..600 => { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "cm-${i}", namespace = "dev" }, data = { i = "${i}" } }
]
STRATA
for p in dirs streams untyped; do
  clean "$p: fresh" "$work/$p" build -o out
  clean "$p: in place" "$work/$p" build -o out
  clean "$p: --check" "$work/$p" build --check -o out
done
for e in hello in-midst-my-life; do
  clean "example $e" "$root/examples/$e" build -o "$work/ex-$e"
done
if out=$(bash "$here/build_test.sh" "$strata" 2>&1) && [[ "$out" != *ThreadSanitizer* ]]; then
  passed=$((passed + 1))
else
  echo "FAIL build_test.sh under ThreadSanitizer"
  echo "$out" | grep -v "^ok" | head -40
  failed=$((failed + 1))
fi

echo "threads: $passed passed, $failed failed"
[ "$failed" = 0 ]
