#!/bin/bash
# Create the application database
mysql -u root -pMyR00tPass -e "CREATE DATABASE IF NOT EXISTS app; GRANT ALL ON app.* TO 'app'@'%';"
