#!/usr/bin/env bash
set -euo pipefail
REGION="$1"
psql "$DATABASE_URL" -c "SELECT region, SUM(total) FROM sales WHERE region = '${REGION}' GROUP BY region"
