#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, build the docs, run the tests.
#   bash scripts/run-tests.sh [pytest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
# Everything Python goes into the project's .venv (never the system interpreter).
. scripts/venv.sh

# 1. System packages for the real local servers: a forward proxy, PowerDNS with
#    SQLite, the BIND zone checker; a browser for the docs site test.
need_apt=()
command -v tinyproxy >/dev/null 2>&1 || need_apt+=(tinyproxy-bin)
command -v named-checkzone >/dev/null 2>&1 || need_apt+=(bind9-utils)
[ -x /usr/sbin/pdns_server ] || need_apt+=(pdns-server)
[ -d /usr/share/pdns-backend-sqlite3 ] || need_apt+=(pdns-backend-sqlite3)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
# Headless Chromium for the docs site test (search and the support matrices in a real browser).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v memcached >/dev/null 2>&1 || need_apt+=(memcached)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "warning: missing ${need_apt[*]} (not root: install them with apt-get); their tests will be skipped" >&2
  fi
fi

# 2. Azurite (the Azure Storage emulator) from npm, into a cache folder of the checkout.
AZURITE_DIR=.cache/azurite
if [ ! -x "$AZURITE_DIR/node_modules/.bin/azurite-blob" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "==> npm install azurite"
    mkdir -p "$AZURITE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$AZURITE_DIR" azurite@3.35.0 >/dev/null
  else
    echo "warning: npm not found; Azure Blobs tests will be skipped" >&2
  fi
fi

# 3. Python packages, into .venv: this project (editable) with its extras, and the test tools.
# 3. OpenStack Swift (PyPI swift) in its own virtualenv: tests/servers/swift_server.py runs it on loopback.
#    keystonemiddleware puts Swift behind the Keystone of 3b (tests/servers/swift_keystone.py).
if [ ! -x .cache/swift-venv/bin/swift-proxy-server ]; then
  echo "==> pip install swift keystonemiddleware (into .cache/swift-venv)"
  { python3 -m venv .cache/swift-venv \
      && .cache/swift-venv/bin/pip install -q --disable-pip-version-check swift keystonemiddleware; } \
    || echo "warning: could not install OpenStack Swift; its tests will fail in CI" >&2
elif ! .cache/swift-venv/bin/python -c "import keystonemiddleware" >/dev/null 2>&1; then
  echo "==> pip install keystonemiddleware (into .cache/swift-venv)"
  .cache/swift-venv/bin/pip install -q --disable-pip-version-check keystonemiddleware \
    || echo "warning: could not install keystonemiddleware; Swift-behind-Keystone tests will fail in CI" >&2
fi
# 3b. OpenStack Keystone 30 (PyPI keystone, v3 on SQLite) in its own virtualenv:
#     tests/servers/keystone_server.py sets it up and runs it on loopback (measured: install ~45 s once,
#     then ~15 s of set-up and start per test session).
if [ ! -x .cache/keystone-venv/bin/keystone-manage ]; then
  echo "==> pip install keystone (into .cache/keystone-venv)"
  started=$SECONDS
  { python3 -m venv .cache/keystone-venv \
      && .cache/keystone-venv/bin/pip install -q --disable-pip-version-check keystone==30.0.0; } \
    || echo "warning: could not install OpenStack Keystone; its tests will fail in CI" >&2
  echo "    keystone installed in $((SECONDS - started)) s"
fi
echo "==> pip install (into $VENV)"
"$PYTHON" -m pip install -q --disable-pip-version-check -e ".[async,ssh]" -r requirements-test.txt

# 4. The documentation must build without a warning.
echo "==> sphinx-build -W docs"
"$PYTHON" -m sphinx -W --keep-going -q -b html docs docs/_build/html

# 4b. Static checks (configured in pyproject.toml; docs/architecture.rst says why):
#     lint, the import layers, types - strict for the flow core and the transports.
echo "==> ruff check, lint-imports, mypy"
static_status=0
"$PYTHON" -m ruff check || static_status=1
lint-imports --no-cache >/dev/null || { lint-imports --no-cache; static_status=1; }
"$PYTHON" -m mypy --strict --follow-imports=silent libcloud/_core libcloud/_transport || static_status=1
# `mypy libcloud`: the baseline (scripts/mypy-baseline.txt) lists no error, so any mypy error or a
# failed mypy run fails here; no `# type: ignore` beyond its budget.
"$PYTHON" scripts/mypy_gate.py || static_status=1

# 5. Upstream's own tests for the drivers we ship (the contract): any failure not in
#    tests/upstream/expected-failures.txt fails the run. Skipped when pytest arguments
#    pick a subset, or with UPSTREAM_SUITE=0.
upstream_status=0
if [ $# -eq 0 ] && [ "${UPSTREAM_SUITE:-1}" != 0 ]; then
  echo "==> upstream suite (apache-libcloud 3.9.1 tests against our package)"
  mapfile -t upstream_modules < <(grep -v '^#' tests/upstream/modules.txt | grep .)
  upstream_log=$(mktemp)
  set +e
  "$PYTHON" scripts/upstream_suite.py --expected-failures tests/upstream/expected-failures.txt \
    "${upstream_modules[@]}" 2>&1 | tee "$upstream_log"
  upstream_status=${PIPESTATUS[0]}
  set -e
fi

# 6. Our own test suite (last, so its summary is the closing line).
echo "==> pytest"
pytest_status=0
"$PYTHON" -m pytest "$@" || pytest_status=$?
if [ "$static_status" != 0 ]; then
  echo "static checks failed (ruff, lint-imports or mypy: see above)" >&2
  [ "$pytest_status" != 0 ] || pytest_status=$static_status
fi
if [ -n "${upstream_log:-}" ]; then
  # The upstream verdict again, after pytest's long output, so the end of the log says what failed.
  grep -E '^upstream-suite: ' "$upstream_log" >&2 || true
  rm -f "$upstream_log"
fi
if [ "$upstream_status" != 0 ]; then
  echo "upstream suite: failures not listed in tests/upstream/expected-failures.txt (listed above)" >&2
  [ "$pytest_status" != 0 ] || exit "$upstream_status"
fi
exit "$pytest_status"
