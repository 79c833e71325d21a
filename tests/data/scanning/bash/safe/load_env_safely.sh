#!/bin/bash
# Load variables from the .env file into the environment
ENV_FILE="${1:-.env}"
if [ -f "$ENV_FILE" ]; then
  set -a
  # shellcheck source=/dev/null
  . "$ENV_FILE"
  set +a
fi
echo "Loaded $ENV_FILE"
