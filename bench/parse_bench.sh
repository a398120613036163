#!/usr/bin/env bash
# Parser benchmark: whole-process time of `strata check` on a generated file of
# 100,000 lines (median of 5 runs, after a warm-up), and its peak memory.
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
cmd = [strata, "check", out]
subprocess.run(cmd, check=True)  # warm-up, and it must be valid
times = []
for _ in range(5):
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    times.append(time.perf_counter() - t)
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
path = os.path.join(out, "main.strata")
size = os.path.getsize(path)
lines = sum(1 for _ in open(path, "rb"))
med = statistics.median(times)
print(f"parse+check {lines} lines ({size / 1e6:.1f} MB): median {med:.3f} s over 5 runs "
      f"(min {min(times):.3f}, max {max(times):.3f}); {lines / med / 1e6:.2f} M lines/s; peak RSS {peak_kib / 1024:.0f} MiB")
PY
