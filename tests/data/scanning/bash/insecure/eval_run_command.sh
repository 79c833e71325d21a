#!/usr/bin/env bash
# Run a maintenance command on every host listed in hosts.txt
set -e
COMMAND="$1"
while read -r host; do
  echo "==> $host"
  eval "ssh deploy@$host $COMMAND"
done < hosts.txt
