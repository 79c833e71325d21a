#!/bin/bash
# Create the application database (credentials in a 0600 option file)
mysql --defaults-extra-file=/root/.my.cnf -e "CREATE DATABASE IF NOT EXISTS app;"
