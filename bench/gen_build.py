#!/usr/bin/env python3
"""Writes the anchor benchmark's build workload as a Strata project: the
evaluation workload of gen_eval.py (N services as the team writes them, in an
abstract env base, and the overlays dev, staging and prod) and functions that
make, per env, the typed std/k8s objects of ../shared/bench-anchors/gen.py's
reference model — a Namespace, a ResourceQuota and a default-deny
NetworkPolicy, and per service a ServiceAccount, Role, RoleBinding,
Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget and
NetworkPolicy: 3 + 8N objects per env, written by `strata build` to
k8s/<env>/<kind>-<name>.yaml.

usage: gen_build.py N OUT_DIR
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_eval  # noqa: E402

OBJECTS = '''
/// The metadata of every object of service `name` in namespace `ns`.
fn meta(name: string, ns: string) -> k8s.ObjectMeta =
  { name = name, namespace = ns, labels = { app = name, env = ns } }

/// An environment variable of a container.
fn var(name: string, value: string) -> k8s.EnvVar = { name = name, value = value }

/// The Deployment of one service: a single container, run as a non-root user.
fn deployment(r: Resolved, ns: string) -> k8s.Deployment =
  k8s.Deployment {
    metadata = meta(r.name, ns)
    spec = {
      replicas = r.replicas
      selector = { matchLabels = { app = r.name } }
      template = {
        metadata = { labels = { app = r.name, env = ns } }
        spec = {
          serviceAccountName = r.name
          securityContext = { runAsNonRoot = true, runAsUser = 10001, fsGroup = 10001 }
          containers = [{
            name = "app"
            image = r.image
            ports = [{ name = "http", containerPort = r.port }]
            env = [
              var("LOG_LEVEL", r.log_level),
              var("PORT", "${r.port}"),
              var("SERVICE_NAME", r.name),
            ] + [for k, v in r.env => var(k, v)] + [
              var("FEATURE_BETA_API", to_string(r.flags.beta_api)),
              var("FEATURE_CACHE_V2", to_string(r.flags.cache_v2)),
              var("FEATURE_NEW_UI", to_string(r.flags.new_ui)),
            ]
            resources = {
              requests = { cpu = r.requests.cpu, memory = r.requests.memory }
              limits = { cpu = r.limits.cpu, memory = r.limits.memory }
            }
            livenessProbe = { httpGet = { path = "/healthz", port = "http" }, initialDelaySeconds = 10, periodSeconds = 10 }
            readinessProbe = { httpGet = { path = "/ready", port = "http" }, periodSeconds = 5 }
            securityContext = {
              allowPrivilegeEscalation = false
              readOnlyRootFilesystem = true
              capabilities = { drop = ["ALL"] }
            }
          }]
        }
      }
    }
  }

/// The eight objects of one service in one environment.
fn service_objects(r: Resolved, ns: string) -> [k8s.Object] =
  let m = meta(r.name, ns) in
  [
    k8s.ServiceAccount { metadata = m },
    k8s.Role {
      metadata = m
      rules = [{ apiGroups = [""], resources = ["configmaps", "secrets"], verbs = ["get", "list", "watch"] }]
    },
    k8s.RoleBinding {
      metadata = m
      roleRef = { kind = "Role", name = r.name }
      subjects = [{ kind = "ServiceAccount", name = r.name, namespace = ns }]
    },
    deployment(r, ns),
    k8s.Service {
      metadata = m
      spec = {
        selector = { app = r.name }
        ports = [{ name = "http", port = 80, targetPort = "http", protocol = "TCP" }]
      }
    },
    k8s.HorizontalPodAutoscaler {
      metadata = m
      spec = {
        scaleTargetRef = { apiVersion = "apps/v1", kind = "Deployment", name = r.name }
        minReplicas = r.hpa.min
        maxReplicas = r.hpa.max
        metrics = [{
          type = "Resource"
          resource = { name = "cpu", target = { type = "Utilization", averageUtilization = r.hpa_cpu } }
        }]
      }
    },
    k8s.PodDisruptionBudget {
      metadata = m
      spec = { minAvailable = r.pdb, selector = { matchLabels = { app = r.name } } }
    },
    k8s.NetworkPolicy {
      metadata = m
      spec = {
        podSelector = { matchLabels = { app = r.name } }
        policyTypes = ["Ingress"]
        ingress = [{
          from = [{ namespaceSelector = { matchLabels = { "kubernetes.io/metadata.name" = ns } } }]
          ports = [{ protocol = "TCP", port = r.port }]
        }]
      }
    },
  ]

/// Everything environment `ns` deploys: its namespace, quota and default-deny
/// policy, then the objects of each of its services.
fn objects(ns: string, p: Platform) -> [k8s.Object] =
  [
    k8s.Namespace { metadata = { name = ns, labels = { env = ns } } },
    k8s.ResourceQuota {
      metadata = { name = "quota", namespace = ns, labels = { env = ns } }
      spec = {
        hard = {
          pods = "${p.quota.pods}"
          "requests.cpu" = to_string(p.quota.cpu)
          "requests.memory" = "${p.quota.memory_gi}Gi"
        }
      }
    },
    k8s.NetworkPolicy {
      metadata = { name = "default-deny", namespace = ns, labels = { env = ns } }
      spec = { podSelector = {}, policyTypes = ["Ingress", "Egress"] }
    },
  ] + flatten([for r in values(p.resolved) => service_objects(r, ns)])
'''

# A directory per env (one file per object and a kustomization.yaml), or
# (stream) one YAML stream per env, as Pkl's version of the workload writes.
OUTPUT = '''
output for e in [dev, staging, prod] {
  "k8s/${e.name}%s" = objects(e.name, e)
}
'''


def program(n, stream=False):
    """main.strata of the build workload."""
    return "\n".join(['import "std/k8s" as k8s\n',
                      gen_eval.schemas(k8s=True) + OBJECTS,
                      gen_eval.base_env(n, k8s=True),
                      gen_eval.overlays(n, k8s=True) + OUTPUT % (".yaml" if stream else "")])


if __name__ == "__main__":
    # usage: gen_build.py N DIR [stream]
    gen_eval.write_project(sys.argv[2], program(int(sys.argv[1]), sys.argv[3:] == ["stream"]))
