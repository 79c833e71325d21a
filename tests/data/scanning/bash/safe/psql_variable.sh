#!/usr/bin/env bash
set -euo pipefail
REGION="$1"
psql "$DATABASE_URL" -v region="$REGION" <<'SQL'
SELECT region, SUM(total) FROM sales WHERE region = :'region' GROUP BY region;
SQL
