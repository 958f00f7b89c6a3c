"""Rendering models: plain attribute bags become dicts; tables and JSON."""

from __future__ import annotations

import datetime
import io
import json

from libcloud.cli.output import format_table, human_bytes, jsonable, render, render_one, to_dict
from libcloud.compute.drivers.dummy import DummyNodeDriver
from libcloud.compute.types import NodeState


def test_node_to_dict_drops_driver_and_references_nested_models():
    driver = DummyNodeDriver(0)
    node = driver.create_node("x", driver.list_sizes()[0], driver.list_images()[0])
    data = to_dict(node)
    assert "driver" not in data and not any(key.startswith("_") for key in data)
    assert data["state"] == "running" and data["size"] == "s1" and data["image"] == "i2"
    json.dumps(data)  # everything is JSON-compatible


def test_jsonable_values():
    when = datetime.datetime(2024, 1, 2, 3, 4, 5)
    assert jsonable({"t": when, "s": NodeState.STOPPED, "b": b"hi", "n": (1, None)}) == \
        {"t": "2024-01-02T03:04:05", "s": "stopped", "b": "hi", "n": [1, None]}
    assert jsonable(object.__new__(type("Odd", (), {"__str__": lambda self: "odd"}))) == "odd"


def test_table_alignment_and_empty_cells():
    lines = format_table([{"id": "1", "ips": ["a", "b"], "x": None}, {"id": "22", "ips": [], "x": {"k": 1}}],
                         ("id", "ips", "x"))
    assert lines == ["ID  IPS  X", "1   a,b  -", "22  -    k=1"]


def test_render_json_and_empty_table():
    out = io.StringIO()
    render("json", [{"b": 1, "a": 2}], ("a",), out)
    assert json.loads(out.getvalue()) == [{"a": 2, "b": 1}]
    out = io.StringIO()
    render("table", [], ("a",), out)
    assert out.getvalue() == "(none)\n"
    out = io.StringIO()
    render_one("table", {"name": "box", "size": 3}, out)
    assert out.getvalue() == "name:  box\nsize:  3\n"


def test_human_bytes():
    assert [human_bytes(n) for n in (0, 1023, 1536, 3 * 1024 ** 3)] == ["0 B", "1023 B", "1.5 KiB", "3.0 GiB"]
