#!/bin/bash
VERSION=1.4.2
wget --ca-certificate=/etc/ssl/certs/corp-root-ca.pem "https://downloads.internal.local/app-${VERSION}.tar.gz"
tar xzf "app-${VERSION}.tar.gz" -C /opt/app
