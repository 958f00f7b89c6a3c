"""`mypy libcloud` as a gate that new code cannot pass with new errors.

The errors that exist today are listed in scripts/mypy-baseline.txt (path,
message and code; no line numbers, which move with every edit).  The gate
fails on any error not in that list, and on more ``# type: ignore`` comments
than scripts/mypy-baseline.txt's budget line allows.  Fixing listed errors
never fails it; ``--update`` rewrites the list after such a fix (the list may
only shrink: review its diff).

    python scripts/mypy_gate.py [--update]
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path
from typing import Counter, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scripts" / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:]+):\d+: error: (?P<message>.*)$")
BUDGET = re.compile(r"^# type-ignore budget: (\d+)$")


def current_errors() -> Tuple[Counter[str], str]:
    """The errors of ``mypy libcloud`` (one key per path and message) and mypy's own output."""
    result = subprocess.run([sys.executable, "-m", "mypy", "libcloud"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    found: Counter[str] = collections.Counter()
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            found["%s: %s" % (match.group("path"), match.group("message"))] += 1
    return found, result.stdout


def ignore_count() -> int:
    """How many ``# type: ignore`` comments the package holds."""
    return sum(path.read_text(encoding="utf-8").count("type: ignore") for path in (ROOT / "libcloud").rglob("*.py"))


def read_baseline() -> Tuple[Counter[str], int]:
    """The listed errors and the ignore budget."""
    listed: Counter[str] = collections.Counter()
    budget = 0
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        match = BUDGET.match(line)
        if match:
            budget = int(match.group(1))
        elif line and not line.startswith("#"):
            listed[line] += 1
    return listed, budget


def write_baseline(found: Counter[str], budget: int) -> None:
    """Rewrite the list (sorted, one line per error)."""
    lines: List[str] = [
        "# Errors of `mypy libcloud` that predate the gate (scripts/mypy_gate.py). Fix them, never add to them.",
        "# type-ignore budget: %d" % budget,
    ]
    for key in sorted(found):
        lines.extend([key] * found[key])
    BASELINE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: List[str]) -> int:
    """Compare and report; 1 when a new error or a new ignore appeared."""
    found, output = current_errors()
    ignores = ignore_count()
    if "--update" in argv or not BASELINE.exists():
        budget = read_baseline()[1] if BASELINE.exists() else ignores
        write_baseline(found, min(budget, ignores) if budget else ignores)
        print("mypy baseline: %d errors listed, type-ignore budget %d" % (sum(found.values()), min(budget, ignores)
                                                                         if budget else ignores))
        return 0
    listed, budget = read_baseline()
    new = found - listed
    fixed = listed - found
    status = 0
    if new:
        print(output)
        print("mypy: %d new error(s), not in %s:" % (sum(new.values()), BASELINE.relative_to(ROOT)))
        for key in sorted(new):
            print("  " + key)
        status = 1
    if ignores > budget:
        print("type: ignore: %d comments, the budget is %d (fix the type instead)" % (ignores, budget))
        status = 1
    print("mypy libcloud: %d errors (%d listed as debt, %d new); %d '# type: ignore' (budget %d, target 50)%s" % (
        sum(found.values()), sum((found & listed).values()), sum(new.values()), ignores, budget,
        "; %d listed errors are fixed: run with --update" % sum(fixed.values()) if fixed else ""))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
