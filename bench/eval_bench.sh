#!/usr/bin/env bash
# Evaluation benchmark: the anchor workload (../shared/bench-anchors) written in
# Strata — N services, a base env and dev/staging/prod overlays, every service
# resolved per env — type-checked and evaluated by `strata check`.
# Whole-process wall time (median of 5 after a warm-up) and peak memory, for
# each N, and the time per service.
#   usage: bench/eval_bench.sh [path/to/strata] [N...]      (default N: 100 1000 5000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
strata=${1:-$here/../build/release/compiler/strata}
shift || true
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(100 1000 5000)
for n in "${sizes[@]}"; do
  dir=$here/out/eval-$n
  python3 "$here/gen_eval.py" "$n" "$dir"
  python3 - "$strata" "$dir" "$n" <<'PY'
import os, resource, statistics, subprocess, sys, time
strata, d, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmd = [strata, "-C", d, "check"]
subprocess.run(cmd, check=True)
times = []
for _ in range(5):
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
med = statistics.median(times)
print(f"N={n}: median {med:.3f} s (min {min(times):.3f}, max {max(times):.3f}), "
      f"{med / n * 1e6:.0f} us per service, peak RSS {peak:.0f} MiB")
PY
done
