#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (PostgreSQL, Redis, Chromium, podman and debootstrap for
# the image tests), only when they are missing.
set -euo pipefail

need=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
# Redis: the shared limiter backend (tests start their own redis-server on a free port).
if ! command -v redis-server >/dev/null 2>&1; then
  need+=(redis-server)
fi

# Chromium: the dashboard's browser tests drive Debian's build through Playwright (never a downloaded browser).
if ! [ -x /usr/bin/chromium ]; then
  need+=(chromium)
fi

# Node and npm: the real OpenID provider of the SSO tests (npm's oidc-provider) and the Node client SDK tests.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need+=(nodejs npm)

# Container images (tests/deploy, make image): podman with runc (crun refuses hybrid cgroup hosts),
# catatonit as the pause/init process for `podman kube play`, debootstrap for the registry-free base image.
for tool in podman runc catatonit debootstrap; do
  if ! command -v "$tool" >/dev/null 2>&1 && ! [ -x "/usr/libexec/podman/$tool" ]; then
    need+=("$tool")
  fi
done

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# PostgreSQL refuses to run as root; the test fixture runs it as this user.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --no-create-home postgres
fi
