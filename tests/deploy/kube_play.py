"""Turns the rendered single-node overlay into Pods that `podman kube play` runs on one host.

What changes, and why (everything else, security contexts and images included, is kept as rendered):
- Deployments and StatefulSets become Pods with hostNetwork: no cluster DNS or Services under podman,
  so each Service name in the config and Secrets becomes 127.0.0.1 and a free port;
- every server binds 127.0.0.1 on its test port (nothing listens beyond loopback);
- Secret references become literal values, and ConfigMap, projected and emptyDir volumes become
  host directories written here (podman's support for those differs between versions);
- probes are dropped (podman turns them into systemd timers, absent here); the test polls instead;
- the overlay's mirrored postgres/redis images become Debian-built stand-ins
  (deploy/podman/demo-services.Containerfile).
"""

from __future__ import annotations

import base64
import copy
import os
from pathlib import Path
from typing import Any

DEMO_IMAGES = {"postgres": "localhost/sluice-demo-postgres:15", "redis": "localhost/sluice-demo-redis:7"}


def _rewrite(text: str, hosts: dict[str, str]) -> str:
    for service, address in hosts.items():
        text = text.replace(service, address)
    return text


def _host_dir(root: Path, name: str, owner: int | None) -> Path:
    path = root / name
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)
    if owner is not None:
        os.chown(path, owner, owner)
    return path


def _replace_arg(args: list[str], flag: str, value: str) -> list[str]:
    if flag in args:
        args = list(args)
        args[args.index(flag) + 1] = value
        return args
    return [*args, flag, value]


def pods(rendered: list[dict[str, Any]], ports: dict[str, int], root: Path) -> dict[str, dict[str, Any]]:
    """Returns app name -> Pod. `ports` has keys gateway, runtime, postgres, redis."""
    hosts = {"sluice-postgres:5432": f"127.0.0.1:{ports['postgres']}",
             "sluice-redis:6379": f"127.0.0.1:{ports['redis']}",
             "sluice-cpu-runtime:8000": f"127.0.0.1:{ports['runtime']}"}
    secrets = {d["metadata"]["name"]: {k: _rewrite(base64.b64decode(v).decode(), hosts) for k, v in d["data"].items()}
               for d in rendered if d["kind"] == "Secret"}
    configmaps = {d["metadata"]["name"]: {k: _rewrite(v, hosts) for k, v in d.get("data", {}).items()}
                  for d in rendered if d["kind"] == "ConfigMap"}
    result: dict[str, dict[str, Any]] = {}
    for workload in (d for d in rendered if d["kind"] in ("Deployment", "StatefulSet")):
        name = workload["metadata"]["name"]
        spec = copy.deepcopy(workload["spec"]["template"]["spec"])
        user = spec.get("securityContext", {}).get("runAsUser")
        spec["hostNetwork"] = True
        spec["restartPolicy"] = "Always"
        volumes = []
        for volume in spec.get("volumes", []):
            path = _host_dir(root, f"{name}-{volume['name']}", user)
            if "configMap" in volume:
                for key, text in configmaps[volume["configMap"]["name"]].items():
                    (path / key).write_text(text)
            elif "projected" in volume:
                for source in volume["projected"]["sources"]:
                    data = configmaps[source["configMap"]["name"]]
                    items = source["configMap"].get("items") or [{"key": k, "path": k} for k in data]
                    for item in items:
                        (path / item["path"]).parent.mkdir(parents=True, exist_ok=True)
                        (path / item["path"]).parent.chmod(0o755)
                        (path / item["path"]).write_text(data[item["key"]])
            volumes.append({"name": volume["name"], "hostPath": {"path": str(path), "type": "Directory"}})
        for claim in workload["spec"].get("volumeClaimTemplates", []):
            path = _host_dir(root, f"{name}-{claim['metadata']['name']}", user)
            volumes.append({"name": claim["metadata"]["name"], "hostPath": {"path": str(path), "type": "Directory"}})
        spec["volumes"] = volumes
        for container in spec["containers"]:
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                container.pop(probe, None)
            container["imagePullPolicy"] = "Never"
            container.pop("ports", None)  # host network: podman refuses port mappings
            for role, image in DEMO_IMAGES.items():
                if f"/{role}:" in container["image"]:
                    container["image"] = image
            env = []
            for var in container.get("env", []):
                ref = var.get("valueFrom", {}).get("secretKeyRef")
                env.append({"name": var["name"], "value": secrets[ref["name"]][ref["key"]]} if ref else var)
            container["env"] = env
            args = list(container.get("args", []))
            if name == "sluice-gateway":
                args = _replace_arg(_replace_arg(args, "--host", "127.0.0.1"), "--port", str(ports["gateway"]))
            elif name == "sluice-cpu-runtime":
                args = _replace_arg(_replace_arg(args, "--host", "127.0.0.1"), "--port", str(ports["runtime"]))
            elif name == "sluice-postgres":
                args = [*args, "-p", str(ports["postgres"]), "-c", "listen_addresses=127.0.0.1"]
            elif name == "sluice-redis":
                args = [*args, "--port", str(ports["redis"]), "--bind", "127.0.0.1"]
            container["args"] = args
        result[name] = {"apiVersion": "v1", "kind": "Pod",
                        "metadata": {"name": name, "labels": workload["spec"]["template"]["metadata"]["labels"]},
                        "spec": spec}
    return result
