#!/bin/sh
# Bootstrap a fresh server with Docker from the distribution packages
apt-get update
apt-get install -y docker.io
usermod -aG docker "$USER"
