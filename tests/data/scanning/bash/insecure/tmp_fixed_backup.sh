#!/usr/bin/env bash
# Nightly database backup to S3
set -euo pipefail
BACKUP_FILE=/tmp/db_backup.sql.gz
pg_dump "$DATABASE_URL" | gzip > "$BACKUP_FILE"
aws s3 cp "$BACKUP_FILE" "s3://company-backups/$(date +%F).sql.gz"
rm -f "$BACKUP_FILE"
