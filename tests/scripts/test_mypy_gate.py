"""scripts/mypy_gate.py: the listed debt may only shrink, and an empty list makes the gate strict.

mypy itself is not run here: ``current_errors`` and ``ignore_count`` are
replaced by what each test scripts.
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Counter, Iterator, List

import pytest

from tests.fakes.fixtures import REPO, load_module

OUT = "libcloud/x.py:3: error: Bad thing  [misc]\n"
KEY = "libcloud/x.py: Bad thing  [misc]"


gate = load_module("mypy_gate", REPO / "scripts" / "mypy_gate.py", register=True)


@pytest.fixture
def scripted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[List[object]]:
    """``[errors, exit status, ignores]`` that the gate sees; the baseline lives in ``tmp_path``."""
    state: List[object] = [collections.Counter(), 0, 3]

    def current_errors() -> object:
        found: Counter[str] = state[0]  # type: ignore[assignment]
        return found, OUT if found else "", state[1]

    monkeypatch.setattr(gate, "BASELINE", tmp_path / "baseline.txt")
    monkeypatch.setattr(gate, "current_errors", current_errors)
    monkeypatch.setattr(gate, "ignore_count", lambda: state[2])
    yield state


def test_listed_errors_pass_new_ones_fail(scripted: List[object]) -> None:
    gate.write_baseline(collections.Counter({KEY: 1}), 3)
    scripted[0], scripted[1] = collections.Counter({KEY: 1}), 1
    assert gate.main([]) == 0
    scripted[0] = collections.Counter({KEY: 2})
    assert gate.main([]) == 1


def test_empty_list_is_strict(scripted: List[object], capsys: pytest.CaptureFixture[str]) -> None:
    gate.write_baseline(collections.Counter(), 3)
    assert gate.main([]) == 0
    scripted[0], scripted[1] = collections.Counter({KEY: 1}), 1
    assert gate.main([]) == 1
    # A failure without any error line (a crash, a bad configuration) fails it too.
    scripted[0], scripted[1] = collections.Counter(), 2
    assert gate.main([]) == 1
    assert "exit status 2" in capsys.readouterr().out


def test_missing_list_is_strict(scripted: List[object]) -> None:
    scripted[2] = 0
    assert gate.main([]) == 0
    scripted[0], scripted[1] = collections.Counter({KEY: 1}), 1
    assert gate.main([]) == 1


def test_update_only_shrinks(scripted: List[object]) -> None:
    gate.write_baseline(collections.Counter({KEY: 1}), 5)
    scripted[0], scripted[1] = collections.Counter({KEY: 1, "libcloud/y.py: Other  [misc]": 1}), 1
    assert gate.main(["--update"]) == 1
    assert gate.read_baseline() == (collections.Counter({KEY: 1}), 5)
    scripted[0], scripted[1] = collections.Counter(), 0
    assert gate.main(["--update"]) == 0
    # The budget follows the ignores down, never up.
    assert gate.read_baseline() == (collections.Counter(), 3)


def test_ignore_budget(scripted: List[object]) -> None:
    gate.write_baseline(collections.Counter(), 3)
    scripted[2] = 4
    assert gate.main([]) == 1
