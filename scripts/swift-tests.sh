#!/usr/bin/env bash
# The Swift driver's tests against a real one-host OpenStack Swift (one command):
#   bash scripts/swift-tests.sh [pytest args]
# Installs PyPI `swift` into .cache/swift-venv and Debian's `memcached` when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v memcached >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq memcached >/dev/null
fi
if [ ! -x .cache/swift-venv/bin/swift-proxy-server ]; then
  python3 -m venv .cache/swift-venv
  .cache/swift-venv/bin/pip install -q swift
fi
exec python3 -m pytest -q -p no:cacheprovider tests/storage/test_conformance_swift.py "$@"
