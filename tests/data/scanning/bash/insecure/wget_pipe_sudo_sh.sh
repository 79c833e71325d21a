#!/bin/sh
# Bootstrap a fresh server with Docker
apt-get update
wget -qO- https://get.docker.com | sudo sh
usermod -aG docker "$USER"
