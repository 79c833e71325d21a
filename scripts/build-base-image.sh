#!/usr/bin/env bash
# Makes a Debian bookworm base image from Debian packages alone (no container registry):
#   debootstrap --variant=minbase bookworm DIR  ->  tar | podman import  ->  $SLUICE_BASE_IMAGE
# python3 comes from Debian too, so the image build needs no network at all.
# Skips the work when the image already exists (delete it with `podman rmi` to rebuild).
set -euo pipefail

image="${SLUICE_BASE_IMAGE:-localhost/debian-min:bookworm}"
suite="${SLUICE_BASE_SUITE:-bookworm}"
mirror="${SLUICE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"   # an internal mirror in an air-gapped network
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(cd "$(dirname "$0")/.." && pwd)/deploy/podman/containers.conf}"

if podman image exists "$image"; then
  echo "base image $image already present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "debootstrap needs root" >&2
  exit 1
fi

root="$(mktemp -d /var/tmp/sluice-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=python3,ca-certificates "$suite" "$root" "$mirror"
# Nothing from the build host's package caches or apt lists belongs in the image.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
# Without ENV PATH, `podman kube play` cannot find `sh` in an imported image.
tar --numeric-owner -C "$root" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/sh"]' - "$image"
echo "base image $image built from debootstrap $suite"
