#!/usr/bin/env bash
# docs/tutorial.md against the compiler. The tutorial's project, at each step,
# is kept as files under docs/tutorial/<dir>/; the page marks each code block
# it checks with an HTML comment on the line right above the block:
#
#   <!-- file: DIR/PATH -->              the block is the whole file docs/tutorial/DIR/PATH
#   <!-- file: DIR/PATH lines A-B -->    the block is lines A to B of that file
#   <!-- run: DIR [apply: DIR2] [needs: PROGRAM] -->
#       a ```console block: each line `$ COMMAND` is run, in order, by one bash
#       in a copy of docs/tutorial/DIR (made on DIR's first use and kept for
#       the blocks that follow, so a block may use what an earlier one wrote),
#       after copying docs/tutorial/DIR2's files over it when `apply:` is
#       given; the lines after a command are its output, stdout and stderr
#       together. `strata` on the PATH is the binary under test. A block
#       whose PROGRAM (kubectl, git, g++) is not installed is skipped.
#
# A ```strata or ```console block without a marker fails, so that nothing the
# page shows goes unchecked; so does a directory of docs/tutorial/ that no
# marker names. The blocks of one DIR run in the page's order; the DIR with
# the most blocks runs beside the others.
#
#   usage: tutorial_test.sh PATH/TO/strata SOURCE_ROOT
# After a reviewed change of the compiler's output or of the files,
#   TUTORIAL_UPDATE=1 tests/docs/tutorial_test.sh PATH/TO/strata SOURCE_ROOT
# rewrites the checked blocks of docs/tutorial.md with what the commands print
# and what the files hold; review the diff before committing it.
set -u
strata=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
doc=$root/docs/tutorial.md
files=$root/docs/tutorial
update=${TUTORIAL_UPDATE:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL docs/tutorial.md:$*"; failed=$((failed + 1)); }

mkdir -p "$work/bin" "$work/home" "$work/projects" "$work/blocks"
ln -s "$strata" "$work/bin/strata"
# A git identity and branch name of the test's own, whatever the machine's.
printf '[user]\n\tname = Tutorial\n\temail = tutorial@example.com\n[init]\n\tdefaultBranch = main\n' \
  > "$work/home/.gitconfig"
run_env=(env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE -u GIT_CONFIG_GLOBAL -u GIT_CONFIG_SYSTEM
         -u GIT_CONFIG_COUNT -u CDPATH "PATH=$work/bin:$PATH" "HOME=$work/home"
         "XDG_CONFIG_HOME=$work/home/.config" GIT_CONFIG_NOSYSTEM=1 GIT_EDITOR=true
         LC_ALL=C TERM=dumb NO_COLOR=1)

declare -A used_dirs=()
declare -A chains=()   # DIR -> the numbers of its run blocks, in the page's order
order=()               # the DIRs, in the order of their first block
new_doc=()             # the page as TUTORIAL_UPDATE writes it; `@@run N` for run block N
nblocks=0

# check_file LINE SPEC BLOCK_FILE: the block is the file or excerpt SPEC names;
# leaves in $work/want what the block should be.
check_file() {
  local at=$1 spec=$2 block=$3 path
  read -r path _ <<< "$spec"
  used_dirs[${path%%/*}]=1
  cp "$block" "$work/want"
  if [ ! -f "$files/$path" ]; then
    fail "$at: docs/tutorial/$path does not exist"; return
  fi
  if [[ "$spec" =~ ^[^\ ]+\ lines\ ([0-9]+)-([0-9]+)$ ]]; then
    sed -n "${BASH_REMATCH[1]},${BASH_REMATCH[2]}p" "$files/$path" > "$work/want"
  elif [[ "$spec" =~ ^[^\ ]+$ ]]; then
    cp "$files/$path" "$work/want"
  else
    fail "$at: cannot read the marker \`file: $spec\`"; return
  fi
  if cmp -s "$block" "$work/want"; then
    ok
  else
    fail "$at: the block is not docs/tutorial/$spec (- page, + file):"
    diff -u --label page --label "docs/tutorial/$path" "$block" "$work/want" | head -40
  fi
}

# add_run LINE SPEC BLOCK_FILE: records a console block to run; 0 when recorded.
add_run() {
  local at=$1 spec=$2 block=$3 dir apply="" needs="" words i
  words=($spec)
  dir=${words[0]}
  for ((i = 1; i < ${#words[@]}; i += 2)); do
    case "${words[i]}" in
      apply:) apply=${words[i + 1]:-} ;;
      needs:) needs=${words[i + 1]:-} ;;
      *) fail "$at: cannot read the marker \`run: $spec\`"; return 1 ;;
    esac
  done
  used_dirs[$dir]=1
  [ -n "$apply" ] && used_dirs[$apply]=1
  if [ ! -d "$files/$dir" ] || { [ -n "$apply" ] && [ ! -d "$files/$apply" ]; }; then
    fail "$at: no directory docs/tutorial/$dir${apply:+ or docs/tutorial/$apply}"; return 1
  fi
  if [ -n "$needs" ] && ! command -v "$needs" >/dev/null; then
    echo "skipped docs/tutorial.md:$at: $needs is not installed"
    skipped=$((skipped + 1)); return 1
  fi
  if ! head -n 1 "$block" | grep -q '^\$ '; then
    fail "$at: a console block starts with a \`\$ command\` line"; return 1
  fi
  local n=$nblocks
  nblocks=$((nblocks + 1))
  cp "$block" "$work/blocks/$n.page"
  printf '%s\n' "$at" > "$work/blocks/$n.line"
  printf '%s\n' "$spec" > "$work/blocks/$n.spec"
  printf '%s\n' "$apply" > "$work/blocks/$n.apply"
  [ -z "${chains[$dir]:-}" ] && order+=("$dir")
  chains[$dir]="${chains[$dir]:-} $n"
  new_doc+=("@@run $n")
  return 0
}

# run_chain DIR N...: runs blocks N... of DIR, in order, in one copy of DIR;
# block N's transcript goes to $work/blocks/N.actual.
run_chain() {
  local dir=$1 project=$work/projects/$1 n apply line k script
  shift
  mkdir -p "$project" && cp -R "$files/$dir/." "$project/"
  for n in "$@"; do
    apply=$(cat "$work/blocks/$n.apply")
    [ -n "$apply" ] && cp -R "$files/$apply/." "$project/"
    # One bash runs the block's commands, each one's output going to a file of its own.
    script=$work/blocks/$n.sh
    printf 'cd "%s" || exit 99\n' "$project" > "$script"
    k=0
    while IFS= read -r line; do
      [[ "$line" == '$ '* ]] || continue
      printf '{ %s\n} > "%s" 2>&1 < /dev/null\n' "${line#\$ }" "$work/blocks/$n.out.$k" >> "$script"
      k=$((k + 1))
    done < "$work/blocks/$n.page"
    "${run_env[@]}" bash "$script" < /dev/null > "$work/blocks/$n.shell" 2>&1
    k=0
    : > "$work/blocks/$n.actual"
    while IFS= read -r line; do
      [[ "$line" == '$ '* ]] || continue
      printf '%s\n' "$line" >> "$work/blocks/$n.actual"
      [ -f "$work/blocks/$n.out.$k" ] && cat "$work/blocks/$n.out.$k" >> "$work/blocks/$n.actual"
      k=$((k + 1))
    done < "$work/blocks/$n.page"
  done
}

# 1. Read the page: check the file blocks, record the console blocks.
mapfile -t lines < "$doc"
marker="" marker_line=0
for ((i = 0; i < ${#lines[@]}; i++)); do
  line=${lines[i]}
  new_doc+=("$line")
  if [[ "$line" =~ ^\<!--\ (file|run):\ (.*[^ ])\ *--\>$ ]]; then
    marker="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}" marker_line=$((i + 1))
    continue
  fi
  if [[ "$line" =~ ^\`\`\`([a-z+]*)$ ]]; then
    lang=${BASH_REMATCH[1]}
    start=$((i + 1))
    : > "$work/block"
    for ((i = i + 1; i < ${#lines[@]}; i++)); do
      [ "${lines[i]}" = '```' ] && break
      printf '%s\n' "${lines[i]}" >> "$work/block"
    done
    if [ "$i" -ge "${#lines[@]}" ]; then
      fail "$start: the block is not closed"; break
    fi
    this=$marker
    if [ -n "$marker" ] && [ "$marker_line" != $((start - 1)) ]; then
      fail "$marker_line: the marker is not on the line right above a block"
      this=""
    fi
    marker=""
    cp "$work/block" "$work/want"
    case "$this" in
      "file "*) check_file "$start" "${this#file }" "$work/block" ;;
      "run "*)
        if [ "$lang" != console ]; then
          fail "$start: \`run:\` marks a \`\`\`console block, not \`\`\`$lang"
        elif add_run "$start" "${this#run }" "$work/block"; then
          new_doc+=('```')
          continue
        fi ;;
      *)
        if [ "$lang" = strata ] || [ "$lang" = console ]; then
          fail "$start: a \`\`\`$lang block without a marker (<!-- file: ... --> or <!-- run: ... -->)"
        fi ;;
    esac
    mapfile -t body < "$work/want"
    new_doc+=("${body[@]}" '```')
    continue
  fi
  if [ -n "$marker" ] && [ -n "$line" ]; then
    fail "$marker_line: the marker is not on the line right above a block"
    marker=""
  fi
done

# Every directory of docs/tutorial/ is shown or run by the page.
for d in "$files"/*/; do
  d=$(basename "$d")
  [ -n "${used_dirs[$d]:-}" ] && ok || fail "1: docs/tutorial/$d/ is named by no marker"
done

# 2. Run the console blocks: one chain of blocks per DIR. The longest chain
# runs beside all the others, which run one after the other: two at a time.
longest=""
for dir in "${order[@]}"; do
  set -- ${chains[$dir]}
  n=$#
  if [ -z "$longest" ] || [ "$n" -gt "$longest_n" ]; then longest=$dir longest_n=$n; fi
done
[ -n "$longest" ] && run_chain "$longest" ${chains[$longest]} &
for dir in "${order[@]}"; do
  [ "$dir" = "$longest" ] || run_chain "$dir" ${chains[$dir]}
done
wait

# 3. Compare, in the page's order.
for ((n = 0; n < nblocks; n++)); do
  if cmp -s "$work/blocks/$n.page" "$work/blocks/$n.actual"; then
    ok
  else
    fail "$(cat "$work/blocks/$n.line"): the output differs from the page, \`run: $(cat "$work/blocks/$n.spec")\` (- page, + actual):"
    diff -u --label page --label actual "$work/blocks/$n.page" "$work/blocks/$n.actual" | head -60
    [ -s "$work/blocks/$n.shell" ] && sed 's/^/  bash: /' "$work/blocks/$n.shell" | head -10
  fi
done

if [ -n "$update" ]; then
  : > "$work/new_doc"
  for line in "${new_doc[@]}"; do
    if [[ "$line" =~ ^@@run\ ([0-9]+)$ ]]; then
      cat "$work/blocks/${BASH_REMATCH[1]}.actual" >> "$work/new_doc"
    else
      printf '%s\n' "$line" >> "$work/new_doc"
    fi
  done
  if cmp -s "$doc" "$work/new_doc"; then
    echo "docs/tutorial.md is up to date"
  else
    cp "$work/new_doc" "$doc"
    echo "rewrote docs/tutorial.md: review the diff"
  fi
fi
echo "tutorial: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
