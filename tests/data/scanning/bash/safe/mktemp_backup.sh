#!/usr/bin/env bash
# Nightly database backup to S3
set -euo pipefail
BACKUP_FILE=$(mktemp --suffix=.sql.gz)
trap 'rm -f "$BACKUP_FILE"' EXIT
pg_dump "$DATABASE_URL" | gzip > "$BACKUP_FILE"
aws s3 cp "$BACKUP_FILE" "s3://company-backups/$(date +%F).sql.gz"
