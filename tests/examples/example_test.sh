#!/usr/bin/env bash
# The flagship example, examples/in-midst-my-life:
#   - `strata build --check` against the reviewed copy of its whole output in
#     tests/examples/in-midst-my-life/ (the build validates every Kubernetes
#     object before comparing, so the copy is also known to be valid); the
#     checks below then read that copy, which is now known to be what the
#     compiler writes;
#   - `kubectl kustomize` of each env's k8s/ directory (skipped without kubectl);
#   - every .env file loaded by bash (`set -a; . FILE`) and by Node
#     (`node --env-file`, skipped without node): both read every variable
#     alike, secrets are not set, and spot values are those of main.strata;
#   - every variable of the .env files that the C++ loader can read is one it
#     reads (the same names on both sides);
#   - the C++ header compiled with g++ and clang++ (each skipped when not
#     installed), -std=c++17 and -std=c++20, -Wall -Wextra -Wpedantic -Werror
#     -Wshadow -Wconversion, with tests/examples/in_midst_my_life_main.cpp,
#     which static_asserts values of each env; the program then loads each
#     env with that env's api.env as overrides, and refuses a bad one;
#   - Prometheus's files parse as YAML and hold 12 alert rules (python3 with
#     PyYAML; skipped without it);
#   - the settings number over 100 (the variables of an env's .env files).
#
#   usage: example_test.sh PATH/TO/strata SOURCE_ROOT
# To accept a reviewed change of the output:
#   strata -C examples/in-midst-my-life build -o ../../tests/examples/in-midst-my-life
set -u
source "$(dirname "$0")/../cli/harness.sh" "$1"
root=$(cd "$2" && pwd)
example=$root/examples/in-midst-my-life
out=$root/tests/examples/in-midst-my-life
program_src=$root/tests/examples/in_midst_my_life_main.cpp
envs=(dev staging prod)
services=(api web orchestrator)
skip() { echo "skipped: $*"; }

# 1. The output is the reviewed copy (and valid: build validates first).
if report=$("$strata" -C "$example" build --check -o "$out" 2>&1); then
  ok
else
  fail "the example's output differs from tests/examples/in-midst-my-life (or does not build):"
  echo "$report" | head -200
  echo "  review the diff, then: strata -C examples/in-midst-my-life build -o ../../tests/examples/in-midst-my-life"
fi
for e in "${envs[@]}"; do
  [ -f "$out/k8s/$e/kustomization.yaml" ] && ok || fail "no k8s/$e/kustomization.yaml"
  for s in "${services[@]}"; do
    [ -f "$out/env/$e/$s.env" ] && ok || fail "no env/$e/$s.env"
  done
done
header=$out/include/in_midst_my_life/settings.hpp
[ -f "$header" ] && ok || fail "no include/in_midst_my_life/settings.hpp"

# 1b. The README's first screen shows examples/hello/main.strata as it is.
readme_block=$(awk '/^```strata$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' "$root/README.md")
if [ "$readme_block" = "$(cat "$root/examples/hello/main.strata")" ]; then
  ok
else
  fail "README.md's first strata block is not examples/hello/main.strata"
fi

# 2. kubectl accepts each env.
if command -v kubectl >/dev/null; then
  for e in "${envs[@]}"; do
    if kubectl kustomize "$out/k8s/$e" > "$work/kustomized-$e.yaml" 2> "$work/kubectl.err"; then
      n=$(grep -c '^kind: Deployment$' "$work/kustomized-$e.yaml")
      [ "$n" = 4 ] && ok || fail "kubectl kustomize k8s/$e: $n Deployments, wanted 4"
    else
      fail "kubectl kustomize k8s/$e: $(cat "$work/kubectl.err")"
    fi
  done
else
  skip "kubectl kustomize (no kubectl on this machine)"
fi

# 3. The .env files: bash and Node read every variable alike; secrets stay unset.
# Each reader writes NAME, NUL, VALUE (or \001 when unset), NUL for the given
# names, into a file; the two files must be byte for byte the same.
names_of() { grep -oE '^[A-Za-z_][A-Za-z0-9_]*=' "$1" | tr -d '='; }
secrets_of() { sed -nE 's/^# ([A-Za-z_][A-Za-z0-9_]*): from Secret .*/\1/p' "$1"; }
bash_reads() { # FILE NAME...
  env -i bash -c 'set -a; . "$1"; set +a; shift
    for n in "$@"; do if [ -n "${!n+set}" ]; then printf "%s\0%s\0" "$n" "${!n}"; else printf "%s\0\001\0" "$n"; fi; done' \
    bash "$@"
}
node_reads() { # FILE NAME...
  local f=$1
  shift
  env -i "$(command -v node)" --env-file="$f" -e '
    for (const n of process.argv.slice(1)) {
      const v = process.env[n];
      process.stdout.write(n + "\0" + (v === undefined ? "\x01" : v) + "\0");
    }' -- "$@"
}
unset_in() { tr '\0' '\n' < "$1" | grep -c $'^\001$'; }
have_node=0
if command -v node >/dev/null; then have_node=1; else skip "node --env-file (no node on this machine)"; fi
for e in "${envs[@]}"; do
  for s in "${services[@]}"; do
    f=$out/env/$e/$s.env
    [ -f "$f" ] || continue
    mapfile -t names < <(names_of "$f")
    mapfile -t secrets < <(secrets_of "$f")
    [ "${#names[@]}" -gt 20 ] && ok || fail "env/$e/$s.env assigns only ${#names[@]} variables"
    bash_reads "$f" "${names[@]}" > "$work/$e-$s.bash"
    [ "$(unset_in "$work/$e-$s.bash")" = 0 ] && ok || fail "bash leaves variables of env/$e/$s.env unset"
    if [ "${#secrets[@]}" -gt 0 ]; then
      bash_reads "$f" "${secrets[@]}" > "$work/leak"
      [ "$(unset_in "$work/leak")" = "${#secrets[@]}" ] && ok || fail "bash sets secrets from env/$e/$s.env"
    fi
    if [ "$have_node" = 1 ]; then
      node_reads "$f" "${names[@]}" > "$work/$e-$s.node"
      cmp -s "$work/$e-$s.bash" "$work/$e-$s.node" && ok || fail "bash and node read env/$e/$s.env differently"
      if [ "${#secrets[@]}" -gt 0 ]; then
        node_reads "$f" "${secrets[@]}" > "$work/leak"
        [ "$(unset_in "$work/leak")" = "${#secrets[@]}" ] && ok || fail "node sets secrets from env/$e/$s.env"
      fi
    fi
  done
done

# What bash (and, above, Node alike) read from env/ENV/SERVICE.env for NAME.
read_var() { # ENV SERVICE NAME
  local name value
  [ -f "$work/$1-$2.bash" ] || { echo "<no file>"; return; }
  while IFS= read -r -d '' name && IFS= read -r -d '' value; do
    if [ "$name" = "$3" ]; then printf %s "$value"; return; fi
  done < "$work/$1-$2.bash"
  echo "<unset>"
}
expect_var() { # ENV SERVICE NAME WANT
  local got
  got=$(read_var "$1" "$2" "$3")
  [ "$got" = "$4" ] && ok || fail "env/$1/$2.env: $3 reads '$got', wanted '$4'"
}
expect_var dev api APP_STAGE development
expect_var staging api APP_STAGE staging
expect_var prod api APP_STAGE production
expect_var prod api SERVER_PORT 3001
expect_var prod api SERVER_METRICS_PORT 9090
expect_var prod orchestrator ORCHESTRATOR_METRICS_PORT 9091
expect_var prod web WEB_PORT 3000
expect_var prod api DATABASE_POOL_MAX 50
expect_var dev api LOGGING_FORMAT pretty
expect_var dev api STORAGE_LOCAL_PATH /var/lib/in-midst-my-life/uploads
expect_var prod api STORAGE_S3_SERVER_SIDE_ENCRYPTION aws:kms
expect_var prod api SECURITY_CORS_ALLOWED_ORIGINS https://in-midst-my-life.dev
expect_var dev api SECURITY_CORS_ALLOWED_ORIGINS http://in-midst-my-life.localhost,http://localhost:3000
expect_var prod api LOGGING_SAMPLE_RATE 0.25
expect_var prod web SERVER_PORT "<unset>"
grep -q '^# DATABASE_PASSWORD: from Secret db-credentials, key password ' "$out/env/prod/api.env" && ok \
  || fail "env/prod/api.env does not name the Secret of DATABASE_PASSWORD"

# 4. The C++ loader reads every variable the .env files set, except those of
# the optional storage records (the loader does not read inside optionals).
reads=$(grep -o 'get("[A-Z0-9_]*")' "$header" | sed 's/get("\(.*\)")/\1/' | sort -u)
for e in "${envs[@]}"; do
  for s in "${services[@]}"; do
    missing=$(comm -23 <(names_of "$out/env/$e/$s.env" | grep -vE '^STORAGE_(LOCAL|S3|GCS)_' | sort) <(echo "$reads"))
    [ -z "$missing" ] && ok || fail "env/$e/$s.env sets variables the C++ loader does not read: $missing"
  done
done

# 5. Prometheus's configuration and its 12 alert rules parse as YAML.
if python3 -c 'import yaml' 2>/dev/null; then
  for e in "${envs[@]}"; do
    if msg=$(python3 - "$out/k8s/$e/configmap-prometheus-files.yaml" <<'PY' 2>&1
import sys, yaml
cm = yaml.safe_load(open(sys.argv[1]))
config = yaml.safe_load(cm["data"]["prometheus.yml"])
rules = yaml.safe_load(cm["data"]["alerts.yml"])["groups"][0]["rules"]
jobs = sorted(j["job_name"] for j in config["scrape_configs"])
assert jobs == ["api", "cadvisor", "kube-apiserver", "kubelet", "orchestrator"], jobs
assert len(rules) == 12, len(rules)
assert all(set(r) == {"alert", "expr", "for", "labels", "annotations"} for r in rules)
PY
    ); then ok; else fail "k8s/$e/configmap-prometheus-files.yaml: $msg"; fi
  done
else
  skip "Prometheus files as YAML (no python3 with PyYAML)"
fi

# 6. Over 100 settings: the variables (and secrets) of an env's .env files.
for e in "${envs[@]}"; do
  count=$(sed -nE 's/^([A-Z][A-Z0-9_]*)=.*/\1/p; s/^# ([A-Z][A-Z0-9_]*): from Secret .*/\1/p' "$out/env/$e/"*.env | sort -u | wc -l)
  echo "settings of $e: $count"
  [ "$count" -gt 100 ] && ok || fail "env $e has $count settings, wanted over 100"
done

# 7. The header: g++ and clang++, C++17 and C++20, then the program per env.
flags=(-Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion)
compilers=()
for cxx in /usr/bin/g++ /usr/bin/clang++; do
  if [ -x "$cxx" ]; then compilers+=("$cxx"); else skip "$cxx is not installed"; fi
done
for cxx in "${compilers[@]}"; do
  for std in c++17 c++20; do
    tag="$(basename "$cxx") -std=$std"
    exe=$work/program-$(basename "$cxx")-$std
    if ! "$cxx" -std="$std" "${flags[@]}" -I"$out/include" "$program_src" -o "$exe"; then
      fail "$tag: the header and in_midst_my_life_main.cpp do not compile"
      continue
    fi
    ok
    for e in "${envs[@]}"; do
      if got=$(env -i bash -c 'set -a; . "$1"; set +a; exec "$2" "$3"' bash "$out/env/$e/api.env" "$exe" "$e" 2>&1); then
        ok
        while IFS='=' read -r name value; do
          want=$(read_var "$e" api "$name")
          [ "$value" = "$want" ] && ok || fail "$tag: $e: the loader reads $name=$value, bash reads '$want'"
        done <<< "$got"
      else
        fail "$tag: the program refused env/$e/api.env: $got"
      fi
    done
    # An override that breaks a constraint (database.pool.max in 1..500) is refused.
    if got=$(env DATABASE_POOL_MAX=501 "$exe" prod 2>&1); then
      fail "$tag: DATABASE_POOL_MAX=501 was accepted"
    else
      [[ "$got" == *"refused DATABASE_POOL_MAX=501: expected in 1..500"* ]] && ok || fail "$tag: DATABASE_POOL_MAX=501: $got"
    fi
  done
done

echo "example: $passed passed, $failed failed"
[ "$failed" = 0 ]
