#!/usr/bin/env bash
# The Swift driver's tests against a real one-host OpenStack Swift (one command):
#   bash scripts/swift-tests.sh [pytest args]
# Installs PyPI `swift` (with keystonemiddleware) into .cache/swift-venv, PyPI `keystone` into
# .cache/keystone-venv and Debian's `memcached` when missing; also runs the Keystone tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v memcached >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq memcached >/dev/null
fi
if [ ! -x .cache/swift-venv/bin/swift-proxy-server ]; then
  python3 -m venv .cache/swift-venv
  .cache/swift-venv/bin/pip install -q swift keystonemiddleware
elif ! .cache/swift-venv/bin/python -c "import keystonemiddleware" >/dev/null 2>&1; then
  .cache/swift-venv/bin/pip install -q keystonemiddleware
fi
# Keystone (v3 on SQLite) for the identity tests and for Swift behind Keystone.
if [ ! -x .cache/keystone-venv/bin/keystone-manage ]; then
  python3 -m venv .cache/keystone-venv
  .cache/keystone-venv/bin/pip install -q keystone==30.0.0
fi
exec python3 -m pytest -q -p no:cacheprovider tests/storage/test_conformance_swift.py \
  tests/storage/test_conformance_swift_keystone.py tests/common/test_keystone_integration.py "$@"
