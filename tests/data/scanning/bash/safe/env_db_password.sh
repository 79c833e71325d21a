#!/bin/bash
# Export the users table to CSV
: "${DB_HOST:?}" "${DB_USER:?}" "${DB_PASSWORD:?set DB_PASSWORD}"
PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -U "$DB_USER" -d app -c "\copy users TO 'users.csv' CSV HEADER"
