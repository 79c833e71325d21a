#!/usr/bin/env bash
set -euo pipefail

# ruleid: bash.tls-verification-disabled
curl -k https://internal.example.com/api/health
# ruleid: bash.tls-verification-disabled
wget --no-check-certificate https://internal.example.com/file.tar.gz
# ok: bash.tls-verification-disabled
curl --cacert /etc/ssl/certs/corp-ca.pem https://internal.example.com/api/health

# ruleid: bash.insecure-file-permissions
chmod 777 /srv/app/uploads
# ruleid: bash.insecure-file-permissions
chmod -R o+w /srv/app/shared
# ok: bash.insecure-file-permissions
chmod 755 /srv/app/bin/run.sh
# ok: bash.insecure-file-permissions
chmod 600 ~/.ssh/id_ed25519

# ruleid: bash.insecure-temp-file
TMPFILE=/tmp/backup.sql
# ok: bash.insecure-temp-file
SAFE_TMP=$(mktemp)
# ruleid: bash.insecure-temp-file
pg_dump mydb > /tmp/mydb.sql
# ok: bash.insecure-temp-file
pg_dump mydb > "$SAFE_TMP"

# ruleid: bash.hardcoded-credential
DB_PASSWORD="Sup3rS3cret!"
# ruleid: bash.hardcoded-credential
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY
# ok: bash.hardcoded-credential
DB_PASSWORD_FILE="/run/secrets/db_password"
# ok: bash.hardcoded-credential
DB_PASSWORD="${DB_PASSWORD:?must be set}"
# ruleid: bash.hardcoded-credential
mysql -u root -pRootPass123 -e "SHOW DATABASES"
# ok: bash.hardcoded-credential
mysql -u root -p"$MYSQL_ROOT_PASSWORD" -e "SHOW DATABASES"
