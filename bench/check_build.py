#!/usr/bin/env python3
"""Checks that `strata build` wrote the reference objects of the anchor benchmark.

usage: check_build.py REFDIR OUTDIR
  REFDIR: gen/N/reference of ../shared/bench-anchors (dev/staging/prod.json, from its gen.py)
  OUTDIR: the build's output directory: OUTDIR/k8s/<env>/<kind>-<name>.yaml + kustomization.yaml,
          or OUTDIR/k8s/<env>.yaml, one YAML stream per env

As ../shared/bench-anchors/check.py does: objects are compared as sets keyed by
(kind, metadata.name), map keys in any order, list order significant —
stricter than check.py, which lets container env vars come in any order; here
they must be in the reference's order. Also checks that each env's
kustomization.yaml lists exactly its object files. Prints per env the object
count and counts per kind; exits 1 on any difference.
"""
import collections
import glob
import json
import os
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def canon(o):
    return json.dumps(o, sort_keys=True, separators=(",", ":"))


def key(o):
    return (o["kind"], o["metadata"]["name"])


def main(ref, outdir):
    bad = 0
    for env in ("dev", "staging", "prod"):
        with open(os.path.join(ref, env + ".json")) as f:
            want = {key(o): canon(o) for o in json.load(f)}
        d = os.path.join(outdir, "k8s", env)
        stream = os.path.isfile(d + ".yaml")
        files = [d + ".yaml"] if stream else sorted(p for p in glob.glob(os.path.join(d, "*.yaml"))
                                                    if os.path.basename(p) != "kustomization.yaml")
        if not files:
            print("%s: no output in %s" % (env, d))
            bad += 1
            continue
        got, dup = {}, 0
        for p in files:
            with open(p) as f:
                docs = [o for o in yaml.load_all(f, Loader=Loader) if o is not None]
            for o in docs:
                dup += key(o) in got
                got[key(o)] = canon(o)
        kinds = collections.Counter(k for k, _ in got)
        diff = sorted(k for k in want if got.get(k) != want[k]) + sorted(k for k in got if k not in want)
        kust = False
        if not stream:
            with open(os.path.join(d, "kustomization.yaml")) as f:
                listed = yaml.load(f, Loader=Loader).get("resources", [])
            kust = sorted(listed) != [os.path.basename(p) for p in files]
        print("%s: %d objects in %d files (want %d), %s, %d differ%s%s%s" % (
            env, len(got), len(files), len(want), dict(sorted(kinds.items())), len(diff),
            ", %d duplicates" % dup if dup else "",
            ", kustomization.yaml does not list exactly the object files" if kust else "",
            " e.g. %s" % (diff[:3],) if diff else ""))
        if diff:
            k = diff[0]
            print("  want:", want.get(k))
            print("  got: ", got.get(k))
        bad += len(diff) + dup + kust + (len(got) != len(want))
    print("OK" if not bad else "MISMATCH")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
