#!/bin/bash
# Count customers per country
mysql --defaults-extra-file="$HOME/.my.cnf" shop -e "SELECT country, COUNT(*) FROM customers GROUP BY country"
