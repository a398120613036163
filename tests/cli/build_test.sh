#!/usr/bin/env bash
# `strata build`: all or nothing, byte-identical rebuilds, --check with diffs,
# stale-file removal, files Strata did not write left alone, --env, --schema,
# --validate.
#   usage: build_test.sh PATH/TO/strata
set -u
source "$(dirname "$0")/harness.sh" "$1"

# run NAME WANT_EXIT WANT_SUBSTRING -- COMMAND... : stdout and stderr together.
run() {
  local name=$1 want_code=$2 want_text=$3
  shift 4
  local out code
  out=$(cd "$work" && "$@" 2>&1)
  code=$?
  if [ "$code" != "$want_code" ]; then fail "$name: exit $code, wanted $want_code"; echo "  output: $out"; return; fi
  if [ -n "$want_text" ] && [[ "$out" != *"$want_text"* ]]; then fail "$name: output lacks: $want_text"; echo "  output: $out"; return; fi
  ok
}

# A tree's files and their bytes, in a stable form.
snapshot() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

mkdir -p "$work/proj"
cat > "$work/proj/main.strata" <<'STRATA'
import "std/k8s" as k8s

schema Env {
  ns: string
  replicas: int
  services: [string] = ["api", "web"]
}

env dev: Env { ns = "dev", replicas = 1 }
env prod: Env { ns = "prod", replicas = 3 }

fn objects(e: Env) -> [k8s.Object] = [k8s.Namespace { metadata = { name = e.ns } }] + [
  for s in e.services => k8s.ConfigMap { metadata = { name = s, namespace = e.ns }, data = { REPLICAS = "${e.replicas}" } }
]

output for e in [dev, prod] {
  "k8s/${e.ns}" = objects(e)
  "env/${e.ns}/app.env" = dotenv({ NAMESPACE = e.ns })
}
STRATA

run build 0 "wrote 10 files" -- "$strata" -C proj build -o ../out
[ -f "$work/out/k8s/prod/configmap-web.yaml" ] && ok || fail "configmap-web.yaml not written"
first=$(snapshot "$work/out")
run rebuild-unchanged 0 "wrote 0 files in \`../out\`, removed 0, 10 unchanged" -- "$strata" -C proj build -o ../out
rm -rf "$work/out2"
run build-elsewhere 0 "" -- "$strata" -C proj build -o ../out2
[ "$first" = "$(snapshot "$work/out")" ] && ok || fail "a rebuild changed the tree"

# A directory the build creates is made whole under a hidden name and renamed
# into place: no temporary file or directory is left, in a fresh tree or in
# a tree where one env's directory is missing.
[ -z "$(find "$work" -name '*.strata-tmp')" ] && ok || fail "a temporary file or directory was left"
rm -rf "$work/out/k8s/prod"
run rebuild-missing-dir 0 "wrote 4 files" -- "$strata" -C proj build -o ../out
[ "$first" = "$(snapshot "$work/out")" ] && ok || fail "rebuilding a missing directory changed the tree"
[ -z "$(find "$work" -name '*.strata-tmp')" ] && ok || fail "a temporary directory was left in place"
# The leftover of a build that was killed is replaced, never published.
mkdir -p "$work/.out6.strata-tmp/k8s" && printf 'junk\n' > "$work/.out6.strata-tmp/k8s/junk.yaml"
run build-over-leftover 0 "wrote 10 files" -- "$strata" -C proj build -o ../out6
[ ! -e "$work/out6/k8s/junk.yaml" ] && [ ! -e "$work/.out6.strata-tmp" ] && ok || fail "a leftover temporary tree was used"
# An output directory that is a symbolic link to a directory is written
# through: the link stays, its target gets the files.
mkdir -p "$work/linked-target" "$work/top"
ln -s linked-target "$work/linked"
printf 'output "app.env" = dotenv({ A = "1" })\noutput "env/dev/app.env" = dotenv({ B = "2" })\n' > "$work/top/main.strata"
run build-into-link 0 "wrote 2 files" -- "$strata" -C top build -o ../linked
[ -L "$work/linked" ] && [ -f "$work/linked-target/app.env" ] && [ -f "$work/linked-target/env/dev/app.env" ] && ok ||
  fail "a symbolic link output directory was not written through"

# A write that fails half-way (a file over the size limit) leaves no part of
# the new tree, and no temporary directory.
mkdir -p "$work/big"
big=$(printf 'x%.0s' $(seq 1 3000))
cat > "$work/big/main.strata" <<STRATA
import "std/k8s" as k8s
schema E { n: string }
env dev: E { n = "dev" }
output "k8s/dev" = [k8s.ConfigMap { metadata = { name = "small" }, data = { A = "a" } }]
output "k8s/prod" = [k8s.ConfigMap { metadata = { name = "big" }, data = { A = "$big" } }]
STRATA
rm -rf "$work/out7"
run write-fails-midway 1 "error[E0508]: cannot write \`k8s/prod/configmap-big.yaml\`" -- \
  bash -c 'trap "" XFSZ; ulimit -f 2; exec "$0" -C big build -o ../out7' "$strata"
[ ! -e "$work/out7" ] && [ -z "$(find "$work" -name '*.strata-tmp')" ] && ok || fail "a failed build left part of its tree"
# Files of new directories are written while later outputs are still being
# evaluated: an error found after that (while emitting, validating, or a path
# written twice) still leaves nothing, and reports no write error.
mkdir -p "$work/late"
late() {
  cat > "$work/late/main.strata" <<STRATA
import "std/k8s" as k8s
schema E { n: string }
env dev: E { n = "dev" }
env prod: E { n = "prod" }
output "k8s/many" = [for i in 1..700 => k8s.ConfigMap { metadata = { name = "cm-\${i}" }, data = { A = "a" } }]
$1
STRATA
  rm -rf "$work/out8"
}
late 'output "k8s/later" = [{ apiVersion = "v1", kind = "ConfigMap", metadata = { name = "Not_A_Name" } }]'
run late-emit-error 1 "error[E0502]" -- "$strata" -C late build -o ../out8
[ ! -e "$work/out8" ] && [ -z "$(find "$work" -name '*.strata-tmp')" ] && ok || fail "an emission error left files of earlier outputs"
late 'output "k8s/later" = [k8s.ConfigMap { metadata = { name = "x" }, extra = { spec = { bogus = 1 } } }]'
run late-schema-error 1 "error[E0505]" -- "$strata" -C late build -o ../out8
[ ! -e "$work/out8" ] && [ -z "$(find "$work" -name '*.strata-tmp')" ] && ok || fail "a schema violation left files of earlier outputs"
late 'output for e in [dev, prod] { "k8s/same/app.env" = dotenv({ A = "1" }) }'
run late-duplicate 1 "error[E0504]: \`k8s/same/app.env\` is written by two outputs" -- "$strata" -C late build -o ../out8
[ ! -e "$work/out8" ] && [ -z "$(find "$work" -name '*.strata-tmp')" ] && ok || fail "a path written twice left files"
run late-duplicate-no-write-error 1 "1 error found" -- "$strata" -C late build -o ../out8
late ''
run late-ok 0 "wrote 701 files in \`../deep/er/out8\`" -- "$strata" -C late build -o ../deep/er/out8
[ -f "$work/deep/er/out8/k8s/many/configmap-cm-700.yaml" ] && [ -z "$(find "$work" -name '*.strata-tmp')" ] && ok ||
  fail "a build into a directory whose parents are missing"

[ "$(cd "$work/out" && find . -type f | sort | xargs cat | sha256sum)" = "$(cd "$work/out2" && find . -type f | sort | xargs cat | sha256sum)" ] \
  && ok || fail "two builds into different directories differ"
run check-clean 0 "10 files up to date" -- "$strata" -C proj build -o ../out --check

# A hand edit is stale, with a unified diff; --check writes nothing.
printf 'hand edit\n' >> "$work/out/k8s/dev/configmap-api.yaml"
edited=$(snapshot "$work/out")
run check-stale 1 "stale:   k8s/dev/configmap-api.yaml" -- "$strata" -C proj build -o ../out --check
run check-diff 1 "-hand edit" -- "$strata" -C proj build -o ../out --check
run check-diff-header 1 "+++ b/k8s/dev/configmap-api.yaml" -- "$strata" -C proj build -o ../out --check
[ "$edited" = "$(snapshot "$work/out")" ] && ok || fail "--check changed the tree"
rm "$work/out/env/prod/app.env"
run check-missing 1 "missing: env/prod/app.env" -- "$strata" -C proj build -o ../out --check
run rebuild-repairs 0 "wrote 2 files" -- "$strata" -C proj build -o ../out
[ "$first" = "$(snapshot "$work/out")" ] && ok || fail "rebuild did not restore the tree"

# An injected type error leaves the output directory byte for byte unchanged.
cp "$work/proj/main.strata" "$work/main.good"
sed -i 's/replicas = 3 }/replicas = "three" }/' "$work/proj/main.strata"
printf '\n' >> "$work/proj/main.strata"
sed -i 's/"api", "web"/"api", "web", "db"/' "$work/proj/main.strata"
run type-error 1 "error[E0300]" -- "$strata" -C proj build -o ../out
[ "$first" = "$(snapshot "$work/out")" ] && ok || fail "a failed build changed the output directory"
cp "$work/main.good" "$work/proj/main.strata"

# Files an earlier build generated and this one no longer produces are
# removed; a file Strata did not generate is never touched.
sed -i 's/\["api", "web"\]/["api"]/' "$work/proj/main.strata"
printf 'kept: yes\n' > "$work/out/k8s/dev/notes.yaml"
run stale-removed 0 "removed 2" -- "$strata" -C proj build -o ../out
[ ! -e "$work/out/k8s/dev/configmap-web.yaml" ] && ok || fail "stale configmap-web.yaml not removed"
[ "$(cat "$work/out/k8s/dev/notes.yaml")" = "kept: yes" ] && ok || fail "a user file was touched"
grep -q "configmap-web" "$work/out/k8s/dev/kustomization.yaml" && fail "kustomization still lists web" || ok

# A file in the way that Strata did not generate is an error, and nothing is written.
printf 'mine\n' > "$work/out/k8s/prod/configmap-api.yaml"
before=$(snapshot "$work/out")
run would-overwrite 1 "error[E0507]: \`k8s/prod/configmap-api.yaml\` exists and was not generated by strata" -- "$strata" -C proj build -o ../out
[ "$before" = "$(snapshot "$work/out")" ] && ok || fail "E0507 build wrote something"
rm "$work/out/k8s/prod/configmap-api.yaml"
run rebuild-after-conflict 0 "wrote 1 file in" -- "$strata" -C proj build -o ../out

# A path through a symbolic link is refused (it could lead anywhere).
mkdir -p "$work/elsewhere" "$work/out3"
ln -s ../elsewhere "$work/out3/k8s"
run symlink-parent 1 "error[E0500]: the output \`k8s/dev/namespace-dev.yaml\` would go through \`k8s\`, a symbolic link" -- "$strata" -C proj build -o ../out3
[ -z "$(ls -A "$work/elsewhere")" ] && ok || fail "wrote through a symbolic link"

# A file where a directory of the output goes is refused; a FIFO where an
# output file goes is not Strata's (and the build does not wait on it).
mkdir -p "$work/out9" && printf 'mine\n' > "$work/out9/k8s"
run file-as-directory 1 "error[E0500]: the output \`k8s/dev/namespace-dev.yaml\` needs \`k8s\` to be a directory, but it is a file" -- "$strata" -C proj build -o ../out9
[ "$(ls -A "$work/out9")" = k8s ] && ok || fail "a build refused for a file in the way wrote something"
rm -rf "$work/out9" && mkdir -p "$work/out9/k8s/dev" && mkfifo "$work/out9/k8s/dev/namespace-dev.yaml"
run fifo-in-the-way 1 "error[E0507]: \`k8s/dev/namespace-dev.yaml\` exists and was not generated by strata" -- timeout 20 "$strata" -C proj build -o ../out9
run fifo-in-the-way-check 1 "error[E0507]" -- timeout 20 "$strata" -C proj build -o ../out9 --check

# A directory that cannot be written: E0508.
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$work/ro" && chmod a-w "$work/ro"
  run write-failed 1 "error[E0508]: cannot write" -- "$strata" -C proj build -o ../ro/out
  chmod u+w "$work/ro"
else
  # root writes anywhere; a regular file where a directory must be created fails for root too
  printf 'x\n' > "$work/rofile"
  run write-failed 1 "error[E0508]: cannot write" -- "$strata" -C proj build -o ../rofile
fi

# --env: only that env's outputs; stale files only in their directories.
rm -rf "$work/out4"
run env-only 0 "wrote 4 files" -- "$strata" -C proj build -o ../out4 --env prod
[ -e "$work/out4/k8s/prod/namespace-prod.yaml" ] && [ ! -e "$work/out4/k8s/dev" ] && ok || fail "--env prod wrote other envs"
run env-unknown 1 "there is no env \`qa\`; the envs are: dev, prod" -- "$strata" -C proj build -o ../out4 --env qa

# --schema: a custom resource validated against the user's schema (JSON or YAML); a bad schema file is E0509.
mkdir -p "$work/crd/schemas" "$work/badschema"
cat > "$work/crd/main.strata" <<'STRATA'
output "k8s" = [
  { apiVersion = "example.com/v1", kind = "Widget", metadata = { name = "w" }, spec = { size = 3 } },
]
STRATA
cat > "$work/crd/schemas/widget.yaml" <<'YAML'
type: object
additionalProperties: false
required: [apiVersion, kind, metadata, spec]
properties:
  apiVersion: { const: example.com/v1 }
  kind: { const: Widget }
  metadata: { type: object }
  spec:
    type: object
    additionalProperties: false
    properties:
      size: { type: integer, maximum: 2 }
YAML
run no-schema 1 "error[E0506]: there is no JSON Schema for Widget" -- "$strata" -C crd build -o out
run custom-schema 1 "error[E0505]: Widget \`w\` (\`k8s/widget-w.yaml\`) does not match its schema at \`spec.size\`" -- "$strata" -C crd build -o out --schema schemas
sed -i 's/maximum: 2/maximum: 5/' "$work/crd/schemas/widget.yaml"
run custom-schema-ok 0 "wrote 2 files" -- "$strata" -C crd build -o out --schema schemas
printf '{ "type": "object", ' > "$work/badschema/broken.json"
run bad-schema-file 1 "error[E0509]: cannot use the JSON Schema" -- "$strata" -C crd build -o out --schema ../badschema
# Valid JSON with the kind fixed, but not a schema valijson can use: reported when it is added, used or not.
printf '{ "type": "object", "minimum": "x", "properties": { "apiVersion": { "const": "example.com/v1" }, "kind": { "const": "Widget" } } }\n' > "$work/badschema/broken.json"
run schema-not-compilable 1 "error[E0509]: cannot use the JSON Schema \`../badschema/broken.json\`: Expected numeric value for minimum" -- "$strata" -C crd build -o out --schema ../badschema
printf '{ "type": "object" }\n' > "$work/badschema/broken.json"
run schema-without-kind 1 "it must fix \`apiVersion\` and \`kind\`" -- "$strata" -C crd build -o out --schema ../badschema

# --validate typed|all: typed objects proven valid by their std/k8s types skip
# valijson by default; `extra`, custom resources, a kind whose schema --schema
# replaces, and what a patch sets inside a computed map are still validated.
run validate-bad-value 2 "unknown validation mode \`sometimes\` (expected typed or all)" -- "$strata" -C proj build -o ../out --validate=sometimes
run validate-no-value 2 "--validate needs a value" -- "$strata" -C proj build -o ../out --validate
run validate-help 0 "--validate typed|all" -- "$strata" help build
sed -i 's/maximum: 5/maximum: 2/' "$work/crd/schemas/widget.yaml"
run custom-schema-typed 1 "error[E0505]: Widget \`w\`" -- "$strata" -C crd build -o out --schema schemas --validate=typed
sed -i 's/maximum: 2/maximum: 5/' "$work/crd/schemas/widget.yaml"
mkdir -p "$work/typed"
cat > "$work/typed/main.strata" <<'STRATA'
import "std/k8s" as k8s

fn meta(n: string) -> k8s.ObjectMeta = { name = n, namespace = "shop", labels = { app = n } }
fn config(n: string) -> k8s.ConfigMap = k8s.ConfigMap { metadata = meta(n), data = { a = "1" } }

schema Env {
  cm: k8s.ConfigMap
}

env dev: Env {
  cm = config("patched")
  cm.metadata.labels.app = 5
}

output "k8s" = [
  k8s.Namespace { metadata = { name = "shop", labels = { team = "a" } } },
  k8s.Deployment {
    metadata = meta("api")
    spec = {
      selector = { matchLabels = { app = "api" } }
      template = {
        metadata = { labels = { app = "api" } }
        spec = { containers = [{ name = "api", image = "api:1" }] }
      }
    }
    extra = { spec = { template = { spec = { hostNetwork = true } } } }
  },
]
output "patched" = [dev.cm]
STRATA
run typed-extra-rejected 1 "error[E0505]: Deployment \`api\` (\`k8s/deployment-api.yaml\`) does not match its schema at \`spec.template.spec.hostNetwork\`" -- "$strata" -C typed build -o out
run typed-patch-rejected 1 "does not match its schema at \`metadata.labels.app\`" -- "$strata" -C typed build -o out
mkdir -p "$work/typed/strict"
cat > "$work/typed/strict/namespace.json" <<'JSON'
{ "type": "object", "required": ["spec"],
  "properties": { "apiVersion": { "const": "v1" }, "kind": { "const": "Namespace" } } }
JSON
run typed-replaced-schema 1 "error[E0505]: Namespace \`shop\` (\`k8s/namespace-shop.yaml\`) does not match its schema" -- "$strata" -C typed build -o out --schema strict

# --validate=all and the default give the same diagnostics and the same files
# for every golden build project.
tree_of() { if [ -d "$1" ]; then snapshot "$1"; fi; }
for proj in "$here"/../golden/build/*/; do
  name=$(basename "$proj")
  rm -rf "$work/v-typed" "$work/v-all"
  out_t=$("$strata" -C "$proj" build -o "$work/v-typed" 2>&1)
  code_t=$?
  out_a=$("$strata" -C "$proj" build -o "$work/v-all" --validate=all 2>&1)
  code_a=$?
  if [ "$code_t" = "$code_a" ] && [ "${out_t//v-typed/OUT}" = "${out_a//v-all/OUT}" ] &&
     [ "$(tree_of "$work/v-typed")" = "$(tree_of "$work/v-all")" ]; then
    ok
  else
    fail "validate-all-same: $name (exit $code_t vs $code_a)"
  fi
done

# env_vars(record) names each variable as the C++ header's loader reads it.
run env-vars 0 "wrote 2 files" -- "$strata" -C "$here/../golden/build/dotenv_env_vars" build -o "$work/envvars"
keys=$(grep -v '^#' "$work/envvars/env/dev.env" | cut -d= -f1 | sort)
reads=$(grep -o 'get("[A-Z0-9_]*")' "$work/envvars/include/config.hpp" | sed 's/get("\(.*\)")/\1/' | sort -u)
missing=$(comm -23 <(echo "$keys") <(echo "$reads"))
[ -n "$keys" ] && [ -z "$missing" ] && ok || fail "env_vars keys the loader does not read: $missing"

# kubectl, when present, accepts an emitted env.
if command -v kubectl >/dev/null; then
  run kubectl-kustomize 0 "kind: ConfigMap" -- kubectl kustomize out/k8s/prod
else
  echo "skipped: kubectl kustomize (no kubectl on this machine)"
fi

echo "build: $passed passed, $failed failed"
[ "$failed" = 0 ]
