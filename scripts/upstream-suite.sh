#!/usr/bin/env bash
# Apache Libcloud 3.9.1's own test modules, unmodified, against our libcloud/.
#   bash scripts/upstream-suite.sh [--our-test-package] [--json FILE] [MODULE|GROUP/|doctest:PATH ...]
# See scripts/upstream_suite.py for the details.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" scripts/upstream_suite.py "$@"
