"""Printing models as tables or JSON.

Models are plain attribute bags, so :func:`to_dict` walks ``__dict__``:
the ``driver`` back-reference and private attributes are dropped, a nested
model (a node's size, an object's container, a record's zone) becomes its id
or name, and anything JSON cannot hold becomes a string.
"""

from __future__ import annotations

import datetime
import enum
import json
import sys
from typing import IO, Any, Dict, Iterable, List, Mapping, Optional, Sequence

__all__ = ["to_dict", "jsonable", "render", "render_one", "print_json", "format_table", "human_bytes"]

_SKIP = ("driver", "connection")


def _is_model(value: Any) -> bool:
    return hasattr(value, "__dict__") and not isinstance(value, (type, enum.Enum)) and "driver" in vars(value)


def model_key(model: Any) -> Any:
    """A model's id, else its name (``None`` when it has neither): how output and dry runs name it."""
    for attribute in ("id", "name"):
        value = getattr(model, attribute, None)
        if value is not None:
            return value
    return None


def _reference(value: Any) -> Any:
    key = model_key(value)
    return str(value) if key is None else jsonable(key)


def jsonable(value: Any, _depth: int = 0) -> Any:
    """``value`` as JSON-compatible data (models nested inside become references)."""
    if isinstance(value, enum.Enum):  # before str: NodeState is a str-Enum
        return jsonable(value.value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v, _depth + 1) for v in value]
    if _is_model(value):
        return _reference(value) if _depth else to_dict(value)
    return str(value)


def to_dict(model: Any) -> Dict[str, Any]:
    """A model's public attributes as JSON-compatible data."""
    return {
        name: jsonable(value, 1)
        for name, value in vars(model).items()
        if not name.startswith("_") and name not in _SKIP
    }


def _cell(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return _cell(value.value)
    if value is None:
        return "-"
    if isinstance(value, list):
        return ",".join(_cell(v) for v in value) or "-"
    if isinstance(value, dict):
        return ",".join("%s=%s" % (k, _cell(v)) for k, v in value.items()) or "-"
    return str(value)


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> List[str]:
    """Left-aligned columns under an upper-case header."""
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    header = [column.upper() for column in columns]
    widths = [max([len(header[i])] + [len(line[i]) for line in cells]) for i in range(len(columns))]
    lines = []
    for line in [header] + cells:
        lines.append("  ".join(text.ljust(widths[i]) for i, text in enumerate(line)).rstrip())
    return lines


def print_json(data: Any, stream: Optional[IO[str]] = None) -> None:
    """Write ``data`` (models included) as indented, sorted JSON."""
    out = stream or sys.stdout
    out.write(json.dumps(jsonable(data), indent=2, sort_keys=True) + "\n")


def render(fmt: str, items: Iterable[Any], columns: Sequence[str], stream: Optional[IO[str]] = None) -> None:
    """Print models (or dicts) as a table with ``columns``, or all their fields as JSON."""
    rows = [item if isinstance(item, Mapping) else to_dict(item) for item in items]
    out = stream or sys.stdout
    if fmt == "json":
        print_json(rows, out)
        return
    if not rows:
        out.write("(none)\n")
        return
    for line in format_table(rows, columns):
        out.write(line + "\n")


def render_one(fmt: str, item: Any, stream: Optional[IO[str]] = None) -> None:
    """Print one model (or dict): ``field: value`` lines, or a JSON object."""
    row = item if isinstance(item, Mapping) else to_dict(item)
    out = stream or sys.stdout
    if fmt == "json":
        print_json(row, out)
        return
    width = max((len(k) for k in row), default=0)
    for key, value in row.items():
        out.write("%s  %s\n" % ((key + ":").ljust(width + 1), _cell(value)))


def human_bytes(count: float) -> str:
    """1536 -> '1.5 KiB' (binary units, one decimal)."""
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return "%d B" % value if unit == "B" else "%.1f %s" % (value, unit)
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover
