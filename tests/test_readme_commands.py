"""README's two set-up commands, taken from README.rst and run verbatim.

The demo command runs in a fresh copy of the checkout with the distribution's
own Python first on PATH when the machine has one that is externally managed
(PEP 668), so a command that installs into the system interpreter fails here as
it would for a user on Debian or Ubuntu.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> Dict[str, str]:
    """The literal block after "Run the demo" and the one after "Run the whole test suite"."""
    text = (ROOT / "README.rst").read_text()
    commands = {}
    for key, lead in (("demo", "Run the demo"), ("tests", "Run the whole test suite")):
        match = re.search(re.escape(lead) + r".*?::\n\n((?:    [^\n]*\n)+)", text, re.S)
        assert match, "README.rst has no command after %r" % lead
        lines = [line.strip() for line in match.group(1).splitlines() if line.strip()]
        assert len(lines) == 1, "one command, one line: %r" % lines
        commands[key] = lines[0]
    return commands


def externally_managed_system_python() -> List[str]:
    """``/usr/bin`` when the distribution's python3 there is marked externally managed."""
    python = Path("/usr/bin/python3")
    if not python.exists():
        return []
    stdlib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            capture_output=True, text=True).stdout.strip()
    return ["/usr/bin"] if stdlib and Path(stdlib, "EXTERNALLY-MANAGED").exists() else []


def fresh_copy(dest: Path) -> Path:
    """The checkout's files as a clone would have them (tracked and new, not ignored ones)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def test_ci_runs_exactly_the_test_command() -> None:
    command = readme_commands()["tests"]
    assert command == "bash scripts/run-tests.sh"
    lines = [line for line in (ROOT / ".ci/run").read_text().splitlines()
             if line.strip() and not line.startswith("#") and not line.startswith("set ") and not line.startswith("cd ")]
    assert lines == [command]


def test_demo_command_verbatim_in_a_fresh_copy(tmp_path: Path) -> None:
    clone = fresh_copy(tmp_path / "clone")
    home = tmp_path / "home"
    home.mkdir()
    path = os.pathsep.join(externally_managed_system_python() + [os.environ.get("PATH", "")])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(PATH=path, HOME=str(home))
    out = subprocess.run(["bash", "-c", readme_commands()["demo"]], cwd=clone, env=env, capture_output=True,
                         text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    text = out.stdout
    assert "$ libcloud --provider dummy compute list-sizes" in text and "PRICE" in text
    assert "downloaded content verified" in text
    assert "$ORIGIN example.com." in text
    # Installed into the clone's .venv, and nowhere else.
    assert glob.glob(str(clone / ".venv/lib/python3*/site-packages/libcloud/__init__.py"))
    assert (clone / ".venv/bin/libcloud").exists()


def test_a_python_without_venv_gets_told_what_to_install(tmp_path: Path) -> None:
    # An interpreter like Debian's python3 without python3-venv: ensurepip does not import.
    fake = tmp_path / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *"import venv, ensurepip"*) exit 1;; esac\n'
        'exec "%s" "$@"\n' % sys.executable
    )
    fake.chmod(0o755)
    clone = fresh_copy(tmp_path / "clone")
    env = dict(os.environ, BASE_PYTHON=str(fake), HOME=str(tmp_path))
    out = subprocess.run(["bash", "scripts/demo.sh"], cwd=clone, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1
    assert "apt-get install python3-venv" in out.stderr
    assert not (clone / ".venv").exists()


@pytest.mark.parametrize("version,ok", [("(3, 9)", False), ("(3, 12)", True)])
def test_an_old_python_is_refused_with_its_version(tmp_path: Path, version: str, ok: bool) -> None:
    fake = tmp_path / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *"sys.version_info < (3, 10)"*) exec "%s" -c "import sys; sys.exit(%s < (3, 10))";; '
        '-V) echo "Python 3.9.2"; exit 0;; esac\n'
        "exit 3\n" % (sys.executable, version)
    )
    fake.chmod(0o755)
    env = dict(os.environ, BASE_PYTHON=str(fake), VENV=str(tmp_path / "venv"))
    out = subprocess.run(["bash", "-c", ". scripts/venv.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    if ok:  # passes the version check, then the fake cannot make a venv
        assert "cannot create a virtual environment" in out.stderr
    else:
        assert out.returncode == 1 and "needs Python 3.10 or newer" in out.stderr and "3.9.2" in out.stderr


def test_pipx_install_of_the_clone_gives_the_command(tmp_path: Path) -> None:
    """README: ``pipx install .`` from a clone installs the ``libcloud`` command alone."""
    clone = fresh_copy(tmp_path / "clone")
    env = dict(os.environ, PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(tmp_path / "bin"),
               HOME=str(tmp_path))
    install = subprocess.run([sys.executable, "-m", "pipx", "install", str(clone)], env=env, capture_output=True,
                             text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    sizes = subprocess.run([str(tmp_path / "bin" / "libcloud"), "--provider", "dummy", "compute", "list-sizes"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert sizes.returncode == 0, sizes.stderr
    assert "PRICE" in sizes.stdout and "Small" in sizes.stdout
