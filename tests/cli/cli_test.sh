#!/usr/bin/env bash
# Command-line behaviour of the strata binary: exit codes, help, -C, output
# formats, colour rules, and inputs that are not files.
#   usage: cli_test.sh PATH/TO/strata
set -u
strata=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect NAME WANT_EXIT WANT_SUBSTRING [STREAM] -- COMMAND...
# Runs COMMAND in $work; checks its exit code and that STREAM (out, err)
# contains WANT_SUBSTRING (empty: no check).
expect() {
  local name=$1 want_code=$2 want_text=$3 stream=$4
  shift 5
  local out err code
  out=$(cd "$work" && "$@" 2>"$work/.stderr")
  code=$?
  err=$(cat "$work/.stderr")
  local text=$out
  [ "$stream" = err ] && text=$err
  if [ "$code" != "$want_code" ]; then
    echo "FAIL $name: exit $code, wanted $want_code"; echo "  stdout: $out"; echo "  stderr: $err"
    failed=$((failed + 1)); return
  fi
  if [ -n "$want_text" ] && [[ "$text" != *"$want_text"* ]]; then
    echo "FAIL $name: $stream lacks: $want_text"; echo "  $stream was: $text"
    failed=$((failed + 1)); return
  fi
  passed=$((passed + 1))
}

mkdir -p "$work/proj" "$work/bad" "$work/empty" "$work/dir.strata" "$work/noentry"
printf 'schema S { x: int }\nlet a = 1\nenv e: S { x = a }\n' > "$work/proj/main.strata"
printf 'let a = \nlet b = 2 +\n' > "$work/bad/main.strata"
: > "$work/empty/main.strata"

expect version 0 "strata 0." out -- "$strata" --version
expect help 0 "usage: strata" out -- "$strata" --help
expect help-command 0 "usage: strata [-C DIR] check" out -- "$strata" help check
expect check-help 0 "--format text|json" out -- "$strata" check --help
expect no-command 2 "usage: strata" err -- "$strata"
expect unknown-command 2 "unknown command \`frobnicate\`" err -- "$strata" frobnicate
expect unknown-option 2 "unknown option \`--frob\`" err -- "$strata" check --frob
expect bad-format 2 "unknown format \`xml\`" err -- "$strata" check --format xml proj
expect missing-value 2 "--format needs a value" err -- "$strata" check --format
# An option that a command does not take is a usage error, never silently ignored.
expect check-no-output 2 "option \`--output\` does not apply to \`strata check\`" err -- "$strata" check -o foo proj
expect check-no-build-check 2 "option \`--check\` does not apply to \`strata check\`" err -- "$strata" check --check proj
expect check-no-env 2 "option \`--env\` does not apply to \`strata check\`" err -- "$strata" check --env dev proj
expect check-no-yaml 2 "unknown format \`yaml\` for \`strata check\` (expected text or json)" err -- "$strata" check --format yaml proj
expect eval-no-text 2 "unknown format \`text\` for \`strata eval\` (expected yaml or json)" err -- "$strata" -C proj eval --format text dev
expect eval-bad-format 2 "unknown format \`xml\` for \`strata eval\` (expected yaml or json)" err -- "$strata" -C proj eval --format xml dev
expect explain-no-format 2 "option \`--format\` does not apply to \`strata explain\`" err -- "$strata" -C proj explain dev x --format json
expect eval-no-syntax-only 2 "option \`--syntax-only\` does not apply to \`strata eval\`" err -- "$strata" -C proj eval --syntax-only dev
expect build-no-syntax-only 2 "option \`--syntax-only\` does not apply to \`strata build\`" err -- "$strata" -C proj build --syntax-only
expect bad-chdir 2 "cannot change to directory" err -- "$strata" -C nowhere check

expect clean-dir 0 "" err -- "$strata" check proj
printf 'let a = 1\nlet b = unknown_name\n' > "$work/names_only.strata"
expect syntax-only-skips-names 0 "" err -- "$strata" check --syntax-only names_only.strata
expect names-checked-by-default 1 "error[E0203]: unknown name \`unknown_name\`" err -- "$strata" check names_only.strata
expect clean-file 0 "" err -- "$strata" check proj/main.strata
expect clean-chdir 0 "" err -- "$strata" -C proj check
expect clean-chdir-after 0 "" err -- "$strata" check -C proj
expect errors-exit-1 1 "bad/main.strata:2:1: error[E0100]: expected expression, found \`let\`" err -- "$strata" check bad
expect every-error 1 "2 errors found" err -- "$strata" check bad
expect several-targets 1 "2 errors found" err -- "$strata" check proj bad
expect chdir-paths 1 "main.strata:2:1: error[E0100]" err -- "$strata" -C bad check

# Inputs that are not files: each is E0009 without a position, exit 1.
expect directory-as-file 1 "error[E0009]: cannot read \`dir.strata\`: it is a directory, not a file" err -- "$strata" check dir.strata
expect no-entry 1 "error[E0009]: cannot read \`noentry/main.strata\`: no such file (a project is a directory with a \`main.strata\`)" err -- "$strata" check noentry
expect missing-file 1 "error[E0009]: cannot read \`nope.strata\`: no such file" err -- "$strata" check nope.strata
expect empty-entry 1 "error[E0008]" err -- "$strata" check empty
# A file over the size limit is refused before it is read further (sparse: no disk used).
truncate -s 65M "$work/huge.strata"
expect file-too-large 1 "error[E0007]: \`huge.strata\` is 68157440 bytes; the limit is 67108864 bytes" err -- "$strata" check huge.strata

# JSON: one object per line on stdout, nothing on stderr.
expect json 1 '{"file":"bad/main.strata","range":{"start":{"line":2,"column":1},"end":{"line":2,"column":4}},"severity":"error","code":"E0100"' out -- "$strata" check --format json bad
expect json-lines 0 "2" out -- bash -c "'$strata' check --format=json bad | wc -l | tr -d ' '"
expect json-no-pos 1 '{"file":null,"range":null,"severity":"error","code":"E0009"' out -- "$strata" check --format json nope.strata

# Colour: never on a pipe, never under NO_COLOR, always when asked.
esc=$'\x1b['
expect no-color-on-pipe 1 "" err -- "$strata" check bad
if [[ "$(cd "$work" && "$strata" check bad 2>&1)" == *"$esc"* ]]; then
  echo "FAIL colour on a pipe"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
expect color-always 1 "${esc}1;31merror[E0100]" err -- "$strata" check --color=always bad
if [[ "$(cd "$work" && NO_COLOR=1 "$strata" check --color=auto bad 2>&1)" == *"$esc"* ]]; then
  echo "FAIL colour under NO_COLOR"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
if command -v script >/dev/null; then
  # On a terminal colour is on by default and NO_COLOR turns it off.
  tty_out=$(cd "$work" && script -qec "'$strata' check bad" /dev/null 2>&1)
  if [[ "$tty_out" == *"$esc"* ]]; then passed=$((passed + 1)); else echo "FAIL no colour on a terminal"; failed=$((failed + 1)); fi
  tty_out=$(cd "$work" && NO_COLOR=1 script -qec "'$strata' check bad" /dev/null 2>&1)
  if [[ "$tty_out" != *"$esc"* ]]; then passed=$((passed + 1)); else echo "FAIL colour on a terminal under NO_COLOR"; failed=$((failed + 1)); fi
else
  echo "skipped: terminal colour checks (no \`script\` command)"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
