#!/bin/bash
# Load variables from the .env file into the environment
ENV_FILE="${1:-.env}"
if [ -f "$ENV_FILE" ]; then
  eval $(grep -v '^#' "$ENV_FILE" | sed 's/^/export /')
fi
echo "Loaded $ENV_FILE"
