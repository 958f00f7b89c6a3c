"""`mypy libcloud` as a gate that new code cannot pass with new errors.

Errors that predated the gate are listed in scripts/mypy-baseline.txt (path,
message and code; no line numbers, which move with every edit).  The gate
fails on any error not in that list, and on more ``# type: ignore`` comments
than scripts/mypy-baseline.txt's budget line allows.  Fixing listed errors
never fails it; ``--update`` rewrites the list after such a fix (the list may
only shrink: it refuses to add errors, and lowers the budget to the count).

Once the list is empty (or the file is missing) the gate is strict: any
failure of ``mypy libcloud`` fails it, including one that prints no
``path:line: error:`` line (a crash, a configuration error).

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


def current_errors() -> Tuple[Counter[str], str, int]:
    """The errors of ``mypy libcloud`` (one key per path and message), mypy's output and exit status."""
    result = subprocess.run([sys.executable, "-m", "mypy", "libcloud"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    found: Counter[str] = collections.Counter()
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            found["%s: %s" % (match.group("path"), match.group("message"))] += 1
    return found, result.stdout + result.stderr, result.returncode


def ignore_count() -> int:
    """How many ``# type: ignore`` comments the package holds."""
    return sum(path.read_text(encoding="utf-8").count("type: ignore") for path in (ROOT / "libcloud").rglob("*.py"))


def read_baseline() -> Tuple[Counter[str], int]:
    """The listed errors and the ignore budget (none and 0 without the file)."""
    listed: Counter[str] = collections.Counter()
    budget = 0
    if not BASELINE.exists():
        return listed, budget
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
        "# Errors of `mypy libcloud` that predate the gate (scripts/mypy_gate.py). Fix them, never add to them;",
        "# with none listed the gate fails on any mypy error. The budget caps '# type: ignore' (at most 50).",
        "# type-ignore budget: %d" % budget,
    ]
    for key in sorted(found):
        lines.extend([key] * found[key])
    BASELINE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def update(found: Counter[str], ignores: int) -> int:
    """``--update``: list what is left (never more than before), budget the ignores there are now."""
    listed, budget = read_baseline()
    new = found - listed
    if new:
        print("mypy: refusing to list %d new error(s) (the list may only shrink); fix them:" % sum(new.values()))
        for key in sorted(new):
            print("  " + key)
        return 1
    budget = min(budget, ignores) if budget else ignores
    write_baseline(found, budget)
    print("mypy baseline: %d errors listed, type-ignore budget %d" % (sum(found.values()), budget))
    return 0


def main(argv: List[str]) -> int:
    """Compare and report; 1 when a new error or a new ignore appeared (any error once the list is empty)."""
    found, output, returncode = current_errors()
    ignores = ignore_count()
    if "--update" in argv:
        return update(found, ignores)
    listed, budget = read_baseline()
    strict = not listed
    new = found - listed
    fixed = listed - found
    status = 0
    if new:
        print(output)
        print("mypy: %d new error(s), not in %s:" % (sum(new.values()), BASELINE.name))
        for key in sorted(new):
            print("  " + key)
        status = 1
    elif strict and returncode != 0:
        print(output)
        print("mypy libcloud failed (exit status %d) and no error is listed as debt" % returncode)
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
