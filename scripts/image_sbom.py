"""Writes a CycloneDX 1.5 JSON SBOM of the Python packages installed in this interpreter's environment.

Runs inside the image build with the image's own virtualenv Python, so it lists exactly what the
image ships (standard library only: no SBOM tool has to be installed in the image):

    /opt/sluice/bin/python image_sbom.py --name sluice-gateway --version 0.1.0 > sbom.cdx.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

CLASSIFIER_PREFIX = "License :: OSI Approved :: "


def _licenses(dist: metadata.Distribution) -> list[dict[str, Any]]:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return [{"expression": expression.strip()}]
    declared = (meta.get("License") or "").strip()
    # Some packages paste their whole licence text into License; only a short name is useful here.
    if declared and "\n" not in declared and len(declared) <= 80 and declared.upper() != "UNKNOWN":
        return [{"license": {"name": declared}}]
    classifiers = meta.get_all("Classifier") or []
    names = [c.removeprefix(CLASSIFIER_PREFIX) for c in classifiers if c.startswith(CLASSIFIER_PREFIX)]
    return [{"license": {"name": name}} for name in names]


def _component(dist: metadata.Distribution) -> dict[str, Any]:
    name = dist.metadata["Name"]
    version = dist.version
    purl = f"pkg:pypi/{name.lower().replace('_', '-')}@{version}"
    component: dict[str, Any] = {"type": "library", "bom-ref": purl, "name": name, "version": version, "purl": purl}
    licenses = _licenses(dist)
    if licenses:
        component["licenses"] = licenses
    return component


def build_sbom(image_name: str, image_version: str) -> dict[str, Any]:
    components = sorted((_component(d) for d in metadata.distributions()), key=lambda c: c["name"].lower())
    # Same packages, same serial number: the SBOM of a rebuilt identical image does not change.
    identity = json.dumps([image_name, image_version, [(c["name"], c["version"]) for c in components]])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, identity)}",
        "version": 1,
        "metadata": {
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {"components": [{"type": "application", "name": "sluice scripts/image_sbom.py"}]},
            "component": {"type": "container", "bom-ref": image_name, "name": image_name, "version": image_version},
        },
        "components": components,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--name", required=True, help="the image's name, e.g. sluice-gateway")
    parser.add_argument("--version", required=True, help="the image's version")
    args = parser.parse_args()
    json.dump(build_sbom(args.name, args.version), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
