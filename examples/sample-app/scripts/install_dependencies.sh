#!/bin/bash
# BeforeInstall: make sure the runtime is there and the working directories exist.
set -eo pipefail
echo "Running BeforeInstall hook..."
if ! command -v python3 > /dev/null; then
  echo "python3 not found: this host cannot serve the application." >&2
  exit 1
fi
echo "python3 is installed: $(python3 --version)"
mkdir -p run logs
exit 0
