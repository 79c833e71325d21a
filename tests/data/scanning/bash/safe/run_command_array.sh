#!/usr/bin/env bash
# Run a maintenance command on every host listed in hosts.txt
set -euo pipefail
while read -r host; do
  echo "==> $host"
  ssh "deploy@$host" -- "$@"
done < hosts.txt
