#!/usr/bin/env bash
# Health check for the internal API (self-signed certificate)
STATUS=$(curl -sk -o /dev/null -w "%{http_code}" https://api.internal.local/health)
if [ "$STATUS" != "200" ]; then
  echo "API unhealthy: $STATUS" >&2
  exit 1
fi
