#!/bin/bash
VERSION=1.4.2
wget --no-check-certificate "https://downloads.internal.local/app-${VERSION}.tar.gz"
tar xzf "app-${VERSION}.tar.gz" -C /opt/app
