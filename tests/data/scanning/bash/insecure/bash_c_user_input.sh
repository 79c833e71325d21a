#!/usr/bin/env bash
# Create a user account on the remote server
read -rp "Username: " username
sudo bash -c "useradd -m -s /bin/bash $username && passwd -e $username"
echo "User $username created"
