#!/usr/bin/env bash
# The cxx-header test: `strata build` writes the C++ header of each golden
# project tests/golden/build/cxx_{types,names,escaping}, then with g++ and clang++, at
# -std=c++17 and -std=c++20, with -Wall -Wextra -Wpedantic -Werror -Wshadow
# -Wconversion:
#   - builds NAME_main.cpp and NAME_other.cpp into one program and runs it.
#     Both include the header: NAME_other.cpp before anything else (so the
#     header compiles on its own), types_main.cpp twice (#pragma once).
#     NAME_main.cpp static_asserts the values of every env and runs the
#     loader with good and bad overrides.
# A compiler that is not installed is skipped with a message; with neither,
# the test is skipped (exit 77).
#
#   compile_test.sh STRATA SOURCE_ROOT OUT_DIR
set -u

strata=$1
root=$2
out=$3
here="$root/tests/cxx"
projects=(types names escaping)
flags=(-Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion)

rm -rf "$out"
mkdir -p "$out"
for p in "${projects[@]}"; do
  mkdir -p "$out/$p"
  if ! "$strata" -C "$root/tests/golden/build/cxx_$p" build -o "$out/$p" >/dev/null; then
    echo "FAIL: no header for tests/golden/build/cxx_$p"
    exit 1
  fi
done

compilers=()
for cxx in /usr/bin/g++ /usr/bin/clang++; do
  if [ -x "$cxx" ]; then
    compilers+=("$cxx")
  else
    echo "SKIP: $cxx is not installed"
  fi
done
if [ ${#compilers[@]} -eq 0 ]; then
  echo "SKIP: no C++ compiler"
  exit 77
fi

# The programs run under the sanitizers when the compiler has them.
sanitize=(-fsanitize=address,undefined -fno-sanitize-recover=all)

failed=0
for cxx in "${compilers[@]}"; do
  san=("${sanitize[@]}")
  if ! echo 'int main() {}' | "$cxx" -x c++ "${san[@]}" - -o "$out/probe" 2>/dev/null; then san=(); fi
  for std in c++17 c++20; do
    tag="$(basename "$cxx") -std=$std"
    for p in "${projects[@]}"; do
      exe="$out/$p/program-$(basename "$cxx")-$std"
      if ! "$cxx" -std="$std" "${flags[@]}" "${san[@]}" -g -I"$out/$p" "$here/${p}_main.cpp" "$here/${p}_other.cpp" \
        -o "$exe"; then
        echo "FAIL: $tag: building the cxx_$p program"
        failed=1
        continue
      fi
      if ! "$exe"; then
        echo "FAIL: $tag: running the cxx_$p program"
        failed=1
        continue
      fi
      echo "ok: $tag: cxx_$p"
    done
  done
done
exit $failed
