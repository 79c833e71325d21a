#!/bin/bash
# Export the users table to CSV
DB_HOST=db.prod.internal
DB_USER=reporting
DB_PASSWORD="R3p0rting#2024"
PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -U "$DB_USER" -d app -c "\copy users TO 'users.csv' CSV HEADER"
