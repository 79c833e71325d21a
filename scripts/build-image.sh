#!/usr/bin/env bash
# Builds the Sluice images with podman and no registry or package index:
#   scripts/build-image.sh [gateway] [runtime]      (default: both)
# 1. the base image (SLUICE_BASE_IMAGE; made with scripts/build-base-image.sh when it is the default
#    localhost/debian-min:bookworm and missing),
# 2. a wheelhouse of the locked packages (scripts/build-wheelhouse.sh, cached per lock hash),
# 3. `podman build --target T` on a small staged context (var/image/context, not the checkout),
# 4. the image's SBOM, read back out of it, next to it: var/image/sluice-T-VERSION.cdx.json.
# Images: ${SLUICE_IMAGE_PREFIX:-localhost/sluice}-T:VERSION (and :latest).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/podman/containers.conf}"
base="${SLUICE_BASE_IMAGE:-localhost/debian-min:bookworm}"
prefix="${SLUICE_IMAGE_PREFIX:-localhost/sluice}"
python="${PYTHON:-$root/.venv/bin/python}"
version="$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then revision="$revision-dirty"; fi
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(gateway runtime)

if [ "$base" = "localhost/debian-min:bookworm" ]; then
  SLUICE_BASE_IMAGE="$base" bash scripts/build-base-image.sh
elif ! podman image exists "$base"; then
  echo "base image $base not found: load it (podman load / podman import) first" >&2
  exit 1
fi

out="var/image"
context="$out/context"
mkdir -p "$context"
bash scripts/build-wheelhouse.sh "$context/wheelhouse" "$context/dist"
cp scripts/image_sbom.py "$context/"

for target in "${targets[@]}"; do
  image="$prefix-$target:$version"
  started=$(date +%s)
  # --format docker keeps HEALTHCHECK (the OCI image format has no field for it);
  # --network host only matters for a base without python3 (apt); the debootstrap base needs none.
  podman build --format docker --network host --target "$target" \
    --build-arg SLUICE_BASE_IMAGE="$base" --build-arg SLUICE_VERSION="$version" \
    --build-arg SLUICE_REVISION="$revision" --build-arg SLUICE_CREATED="$created" \
    --tag "$image" --tag "$prefix-$target:latest" -f Containerfile "$context"
  podman run --rm --read-only --network none --no-healthcheck --entrypoint cat "$image" /opt/sluice/sbom.cdx.json \
    > "$out/sluice-$target-$version.cdx.json"
  echo "built $image in $(( $(date +%s) - started ))s; SBOM $out/sluice-$target-$version.cdx.json"
done
