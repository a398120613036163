#!/usr/bin/env python3
"""Writes the anchor benchmark's workload (../shared/bench-anchors/gen.py) as a
Strata project: N services, a base env and the overlays dev, staging and prod,
each resolving every service (defaults, env overrides, flags, env vars).

usage: gen_eval.py N OUT_DIR

Importable: `program(n)` is the source of main.strata; `schemas`, `base_env`
and `overlays` are its parts, which bench/gen_build.py extends into the build
workload. `k8s=True` writes the variant that Kubernetes objects are made from:
the autoscaler's CPU target is an int (Kubernetes' averageUtilization, a
percent of the requests) instead of a `percent`, and the quota's memory is a
whole number of GiB (a ResourceQuota holds quantity strings such as
"2000Gi", which a `memory` value would print as "1Ti" when it can).
"""
import os
import sys


def name_of(i):
    return "svc-%05d" % i


SCHEMAS = '''/// One service as the team writes it: only what differs from the defaults.
schema Svc {
  image: string len 1..256
  port: int in 1..65535 = 8080
  cpu: cpu = 100m
  memory: memory = 128Mi
  replicas: int in 0..100 = 2
  hpa_cpu: @HPA_TYPE@ = 70@HPA_UNIT@
  env: {string: string} = {}
  flags: { new_ui: bool = false, beta_api: bool = false, cache_v2: bool = true }
}

/// A service as it runs in one environment.
schema Resolved {
  name: string matches /^[a-z0-9-]+$/
  image: string
  port: int in 1..65535
  replicas: int in 0..100
  hpa: range<int>
  hpa_cpu: @HPA_TYPE@
  requests: { cpu: cpu, memory: memory }
  limits: { cpu: cpu, memory: memory }
  log_level: "debug" | "info" | "warn"
  env: {string: string}
  flags: { new_ui: bool, beta_api: bool, cache_v2: bool }
  pdb: percent
  check hpa.min <= hpa.max : "the autoscaler's minimum exceeds its maximum"
}

schema Overrides {
  replicas: int?
  hpa_min: int?
  hpa_max: int?
  cpu: cpu?
  memory: memory?
  new_ui: bool?
  beta_api: bool?
  cache_v2: bool?
}

schema Platform {
  log_level: "debug" | "info" | "warn" = "info"
  over: Overrides = {}
  pdb: percent = 50%
  quota: { pods: int in 0..1000000, cpu: cpu, @QUOTA_MEMORY@ }
  services: {string: Svc}
  resolved: {string: Resolved} = {for name, s in services => name: resolve(name, s, log_level, over, pdb)}
}

fn resolve(name: string, s: Svc, level: "debug" | "info" | "warn", o: Overrides, pdb: percent) -> Resolved =
  let r = o.replicas ?? s.replicas in
  let cpu = o.cpu ?? s.cpu in
  let memory = o.memory ?? s.memory in
  Resolved {
    name = name
    image = s.image
    port = s.port
    replicas = r
    hpa = (o.hpa_min ?? r)..(o.hpa_max ?? r * 3)
    hpa_cpu = s.hpa_cpu
    requests = { cpu = cpu, memory = memory }
    limits = { cpu = 2 * cpu, memory = 2 * memory }
    log_level = level
    env = s.env
    flags = {
      new_ui = o.new_ui ?? s.flags.new_ui
      beta_api = o.beta_api ?? s.flags.beta_api
      cache_v2 = o.cache_v2 ?? s.flags.cache_v2
    }
    pdb = pdb
  }
'''


def schemas(k8s=False):
    """The schemas Svc, Resolved, Overrides, Platform and the function resolve."""
    return (SCHEMAS.replace("@HPA_TYPE@", "int in 1..100" if k8s else "percent")
            .replace("@HPA_UNIT@", "" if k8s else "%")
            .replace("@QUOTA_MEMORY@", "memory_gi: int in 0..1000000000" if k8s else "memory: memory"))


def quota(n, pods, cpu, gib, k8s=False):
    mem = "memory_gi = %d" % (n * gib) if k8s else "memory = %dGi" % (n * gib)
    return "quota = { pods = %d, cpu = %d, %s }" % (n * pods, n * cpu, mem)


def base_env(n, k8s=False):
    """`abstract env base`: the quota and the N services as the team writes them."""
    lines = ["abstract env base: Platform {", "  " + quota(n, 4, 1, 2, k8s), "  services = {"]
    for i in range(n):
        fields = ['image = "registry.example.com/team/%s:1.%d.%d"' % (name_of(i), i % 7, i % 3)]
        if i % 2 == 1:
            fields.append("port = %d" % (8000 + i % 50))
        cpu = 100 + 50 * (i % 4)
        if cpu != 100:
            fields.append("cpu = %dm" % cpu)
        mem = 128 * (1 + i % 3)
        if mem != 128:
            fields.append("memory = %dMi" % mem)
        if i % 5 == 0:
            fields.append("replicas = 3")
        if i % 4 == 0:
            fields.append("hpa_cpu = 60" + ("" if k8s else "%"))
        fields.append('env = { UPSTREAM_URL = "http://%s" }' % name_of((i + 1) % n))
        flags = []
        if i % 2 == 0:
            flags.append("new_ui = true")
        if i % 3 == 0:
            flags.append("beta_api = true")
        if i % 7 == 0:
            flags.append("cache_v2 = false")
        if flags:
            fields.append("flags = { %s }" % ", ".join(flags))
        lines.append('    "%s" = Svc { %s }' % (name_of(i), ", ".join(fields)))
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


def overlays(n, k8s=False):
    """The envs dev, staging and prod, each amending base."""
    q = {"dev": (4, 1, 2), "staging": (8, 2, 4), "prod": (16, 4, 8)}
    qs = {k: quota(n, a, b, c, k8s) for k, (a, b, c) in q.items()}
    return """
env dev amends base {
  log_level = "debug"
  over = { replicas = 1, hpa_min = 1, hpa_max = 2, cpu = 50m, memory = 64Mi, new_ui = true, beta_api = true }
  pdb = 0%
  """ + qs["dev"] + """
}

env staging amends base {
  over = { beta_api = true }
  """ + qs["staging"] + """
}

env prod amends base {
  log_level = "warn"
  over = { hpa_max = 12 }
  pdb = 75%
  """ + qs["prod"] + """
}
"""


def program(n):
    """main.strata of the evaluation workload."""
    return "\n".join([schemas(), base_env(n), overlays(n)])


def write_project(out_dir, source):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "main.strata"), "w") as f:
        f.write(source)


if __name__ == "__main__":
    write_project(sys.argv[2], program(int(sys.argv[1])))
