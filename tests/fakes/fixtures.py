"""Loaders: recorded provider payloads (``tests/<service>/fixtures/<provider>/``) and modules outside the
package (scripts, benchmarks, docs examples) that tests import by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

__all__ = ["fixture_loader", "load_module", "REPO"]

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent


def fixture_loader(service: str, provider: str) -> Callable[[str], str]:
    """``load(name)`` returning the text of ``tests/<service>/fixtures/<provider>/<name>``."""
    folder = TESTS / service / "fixtures" / provider
    if not folder.is_dir():
        raise FileNotFoundError("no fixtures folder %s" % folder)

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return load


def load_module(name: str, path: Path, register: bool = False) -> ModuleType:
    """The module in the file ``path``, imported as ``name`` (into ``sys.modules`` too when ``register``:
    dataclasses and pickling look their module up there)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
