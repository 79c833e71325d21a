#!/usr/bin/env bash
# Collects every Python package the images install as wheels on the build host, so the image
# build itself runs `pip install --no-index` and needs no package index (air-gapped).
#
#   scripts/build-wheelhouse.sh OUT_DIR [DIST_DIR]
#
# OUT_DIR gets the locked third-party wheels, pip's own wheel and the lock files; DIST_DIR
# (default OUT_DIR) gets sluice's wheel, built from the checkout's tracked files.
# The third-party wheels are cached in $SLUICE_WHEEL_CACHE (default ~/.cache/sluice-image),
# keyed by the lock files' hash, so they are fetched once per lock change; sluice's own wheel
# is rebuilt every time. Point pip at your internal mirror as usual (PIP_INDEX_URL /
# PIP_FIND_LINKS). torch is pinned to its +cpu build: the CUDA build is never fetched (give
# pip the CPU wheel with PIP_FIND_LINKS, or PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: build-wheelhouse.sh OUT_DIR [DIST_DIR]}"
dist="${2:-$out}"
python="${PYTHON:-$root/.venv/bin/python}"
locks=("$root/deploy/image/gateway.lock" "$root/deploy/image/runtime.lock")

# pip warns once per package about index locations that do not exist on this host; keep real errors only.
pip_quiet() { "$python" -m pip "$@" 2> >(grep -v -e 'is ignored: it is neither' -e 'BuildBackendWarning' >&2); }

key="$(cat "${locks[@]}" | sha256sum | cut -c1-16)"
cache="${SLUICE_WHEEL_CACHE:-$HOME/.cache/sluice-image}/wheels-$key"
if [ ! -f "$cache/.complete" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  # The lock is complete, so --no-deps; pip wheel reuses published wheels and builds any sdist here,
  # on the build host, so that no compiler is needed in the image.
  pip_quiet wheel -q --no-deps --wheel-dir "$cache" -r "$root/deploy/image/runtime.lock"
  # pip itself, to install the wheels inside a base image that has Python but no pip.
  pip_quiet download -q --no-deps --only-binary :all: --dest "$cache" "pip==$("$python" -m pip --version | cut -d' ' -f2)"
  if ls "$cache" | grep -E '^(nvidia|triton)[-_]' >/dev/null; then
    echo "wheelhouse pulled CUDA packages; give pip the torch CPU wheel" >&2
    exit 1
  fi
  touch "$cache/.complete"
fi

mkdir -p "$out"
find "$out" -maxdepth 1 -name '*.whl' -delete
# Hard links where the cache shares a file system with OUT_DIR; copies elsewhere.
cp -l "$cache"/*.whl "$out"/ 2>/dev/null || cp "$cache"/*.whl "$out"/
cp "${locks[@]}" "$out"/
# sluice's wheel from a copy of the working tree (tracked and new, not ignored files): an in-tree build
# would reuse a stale build/ directory.
source="$(mktemp -d)"
trap 'rm -rf "$source"' EXIT
git -C "$root" ls-files -z --cached --others --exclude-standard | tar -C "$root" --null --ignore-failed-read -T - -c 2>/dev/null | tar -C "$source" -x
mkdir -p "$dist"
find "$dist" -maxdepth 1 -name 'sluice-*.whl' -delete
pip_quiet wheel -q --no-deps --no-build-isolation --wheel-dir "$dist" "$source" >/dev/null
echo "wheelhouse $out: $(ls "$out"/*.whl | wc -l) wheels (cache $cache)"
