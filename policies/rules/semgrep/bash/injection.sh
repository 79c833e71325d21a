#!/usr/bin/env bash
set -euo pipefail

target_dir="$1"
cmd="ls -la $target_dir"
# ruleid: bash.eval-injection
eval "$cmd"
# ruleid: bash.eval-injection
eval $(grep -v '^#' .env)
# ok: bash.eval-injection
eval "set -o errexit"
# ok: bash.eval-injection
ls -la "$target_dir"

user_name="$2"
# ruleid: bash.shell-c-injection
bash -c "useradd -m $user_name"
# ok: bash.shell-c-injection
bash -c 'useradd -m "$1"' _ "$user_name"

# ruleid: bash.sql-injection
mysql -u app -e "DELETE FROM users WHERE name = '$user_name'" shop
# ok: bash.sql-injection
mysql -u app -e "SELECT COUNT(*) FROM users" shop
# ruleid: bash.sql-injection
psql "$DATABASE_URL" -c "SELECT * FROM orders WHERE customer = '${user_name}'"
# ok: bash.sql-injection
psql "$DATABASE_URL" -v customer="$user_name" -c "SELECT 1"

# ruleid: bash.curl-pipe-shell
curl -fsSL https://get.example.com/install.sh | bash
# ruleid: bash.curl-pipe-shell
wget -qO- https://get.example.com/install.sh | sudo sh
# ok: bash.curl-pipe-shell
curl -fsSLo install.sh https://get.example.com/install.sh
# ok: bash.curl-pipe-shell
echo "$EXPECTED_SHA256  install.sh" | sha256sum -c -
