#!/bin/bash
# Prepare directories for the web application
APP_DIR=/var/www/app
mkdir -p "$APP_DIR/uploads" "$APP_DIR/cache"
chown -R www-data:www-data "$APP_DIR"
chmod -R 750 "$APP_DIR/uploads" "$APP_DIR/cache"
