# Sourced by scripts/demo.sh and scripts/run-tests.sh: make or reuse the project's
# virtual environment (.venv, git-ignored) and point PYTHON at it. Nothing is ever
# installed into the system interpreter, which Debian, Ubuntu 23.04+ and Fedora
# mark as externally managed (PEP 668).
#   BASE_PYTHON: the interpreter that creates .venv (default: python3 on PATH)
#   VENV: where the environment lives (default: .venv in the checkout)
BASE_PYTHON=${BASE_PYTHON:-python3}
VENV=${VENV:-$PWD/.venv}

if ! command -v "$BASE_PYTHON" >/dev/null 2>&1; then
  echo "error: $BASE_PYTHON not found: install Python 3.10 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if ! "$BASE_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "error: libcloud-ng needs Python 3.10 or newer; $BASE_PYTHON is $("$BASE_PYTHON" -V 2>&1)" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pip' >/dev/null 2>&1; then
  rm -rf "$VENV"
  if ! "$BASE_PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1 || ! "$BASE_PYTHON" -m venv "$VENV" >/dev/null; then
    rm -rf "$VENV"
    version=$("$BASE_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    echo "error: $BASE_PYTHON cannot create a virtual environment (its venv/ensurepip modules are missing)." >&2
    echo "       On Debian or Ubuntu: apt-get install python3-venv (or python$version-venv), then run this again." >&2
    exit 1
  fi
fi
PYTHON="$VENV/bin/python"
PATH="$VENV/bin:$PATH"
export PATH
