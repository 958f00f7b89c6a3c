#!/usr/bin/env bash
# README's first command: install libcloud-ng into the project's .venv and run the
# demo (the `libcloud` command and the Python API on the embedded drivers; no account,
# no network needed beyond the package index for the install).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
echo "==> pip install . (into $VENV)"
"$PYTHON" -m pip install -q --disable-pip-version-check .
exec "$PYTHON" -m libcloud.demo "$@"
