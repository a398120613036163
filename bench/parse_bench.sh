#!/usr/bin/env bash
# Parser benchmark: whole-process time on a generated file of 100,000 lines
# (median of 5 runs, after a warm-up) and peak memory, for `strata dump-ast`
# (parsing alone; the tree is printed to /dev/null) and `strata check`
# (parsing, names, types and evaluation).
#   usage: bench/parse_bench.sh [path/to/strata] [LINES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=${1:-$here/../build/release/compiler/strata}
lines=${2:-100000}
out=$here/out
mkdir -p "$out"
python3 "$here/gen_parse.py" "$lines" > "$out/main.strata"
python3 - "$strata" "$out" <<'PY'
import os, resource, statistics, subprocess, sys, time
strata, out = sys.argv[1], sys.argv[2]
path = os.path.join(out, "main.strata")
size = os.path.getsize(path)
lines = sum(1 for _ in open(path, "rb"))
for label, cmd in (("check --syntax-only (parse)", [strata, "check", "--syntax-only", out]),
                   ("check (all steps)", [strata, "check", out])):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # warm-up, and it must be valid
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"{label}: {lines} lines ({size / 1e6:.1f} MB): median {med:.3f} s over 5 runs "
          f"(min {min(times):.3f}, max {max(times):.3f}); {lines / med / 1e6:.2f} M lines/s")
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak RSS of any run: {peak_kib / 1024:.0f} MiB")
PY
