#!/bin/bash
# Shared build cache for the ci group
umask 007
mkdir -p /opt/ci-cache
chgrp ci /opt/ci-cache
cp -r ./build-output/* /opt/ci-cache/
