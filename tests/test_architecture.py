"""The layers of docs/architecture.rst hold: import-linter's contracts, and the lists they rely on.

The contracts live in pyproject.toml ([tool.importlinter]).  Two lists there
are written out by hand, so these tests keep them complete: every module of
``common/`` (but its exception and type modules) is in the common layer, and
every top-level module of the package is forbidden to ``_core``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

try:  # Python 3.11+
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    tomllib = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "libcloud"
MAX_MODULE_LINES = 800


def _contracts() -> Dict[str, Dict[str, Any]]:
    if tomllib is None:
        pytest.skip("reading pyproject.toml needs tomllib (Python 3.11+)")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _top_level_names() -> List[str]:
    names = []
    for path in PACKAGE.iterdir():
        if path.name.startswith("__") and path.name != "__main__.py":
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            names.append(path.name)
        elif path.suffix == ".py":
            names.append(path.stem)
    return sorted(names)


def test_import_linter_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed (requirements-test.txt has it)")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_of_common_is_in_a_layer() -> None:
    layers = " ".join(_contracts()["layers"]["layers"])
    named = {part.strip() for line in layers.split() for part in line.split(":") if part.strip()}
    for path in sorted((PACKAGE / "common").iterdir()):
        if path.name.startswith("__") or not (path.suffix == ".py" or (path / "__init__.py").exists()):
            continue
        module = "libcloud.common." + (path.stem if path.suffix == ".py" else path.name)
        assert module in named, "%s is in no layer of pyproject.toml's layers contract" % module


def test_core_is_forbidden_every_other_part_of_the_package() -> None:
    forbidden = set(_contracts()["core-alone"]["forbidden_modules"])
    expected = {"libcloud." + name for name in _top_level_names() if name not in ("_core", "__main__")}
    assert expected - forbidden == set(), "add these to the core-alone contract"


def test_modules_stay_under_800_lines() -> None:
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines >= MAX_MODULE_LINES:
            too_long.append("%s: %d lines" % (path.relative_to(ROOT), lines))
    assert too_long == [], "split these modules (data belongs in JSON or Python tables)"
