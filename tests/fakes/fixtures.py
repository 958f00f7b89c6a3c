"""Loaders for recorded provider payloads (``tests/<service>/fixtures/<provider>/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

__all__ = ["fixture_loader"]

TESTS = Path(__file__).resolve().parents[1]


def fixture_loader(service: str, provider: str) -> Callable[[str], str]:
    """``load(name)`` returning the text of ``tests/<service>/fixtures/<provider>/<name>``."""
    folder = TESTS / service / "fixtures" / provider
    if not folder.is_dir():
        raise FileNotFoundError("no fixtures folder %s" % folder)

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return load
