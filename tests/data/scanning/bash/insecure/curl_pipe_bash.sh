#!/usr/bin/env bash
# Install the latest version of the CLI
set -euo pipefail
echo "Installing mytool..."
curl -fsSL https://get.mytool.io/install.sh | bash
mytool --version
