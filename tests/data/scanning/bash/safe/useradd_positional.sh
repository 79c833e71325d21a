#!/usr/bin/env bash
# Create a user account on the remote server
read -rp "Username: " username
if [[ ! "$username" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]]; then
  echo "invalid username" >&2
  exit 1
fi
sudo useradd -m -s /bin/bash "$username"
sudo passwd -e "$username"
