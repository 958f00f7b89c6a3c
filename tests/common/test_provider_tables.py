"""``load_drivers``: an API's driver table read from its ``providers.json``."""

from __future__ import annotations

import json

import pytest

from libcloud.common.providers import load_drivers


class _Provider:
    DUMMY = "dummy"
    OTHER = "other"


def _write(tmp_path, table):  # type: ignore[no-untyped-def]
    (tmp_path / "providers.json").write_text(json.dumps(table), encoding="utf-8")
    return str(tmp_path / "providers.py")


def test_rows_keep_their_order_and_point_into_the_drivers_package(tmp_path) -> None:  # type: ignore[no-untyped-def]
    providers_file = _write(tmp_path, {"OTHER": "other_mod:OtherDriver", "DUMMY": "dummy:DummyDriver"})
    drivers = load_drivers("libcloud.example.providers", providers_file, _Provider)
    assert list(drivers.items()) == [
        ("other", ("libcloud.example.drivers.other_mod", "OtherDriver")),
        ("dummy", ("libcloud.example.drivers.dummy", "DummyDriver")),
    ]


def test_an_unknown_constant_fails_at_import(tmp_path) -> None:  # type: ignore[no-untyped-def]
    providers_file = _write(tmp_path, {"MISSING": "dummy:DummyDriver"})
    with pytest.raises(AttributeError):
        load_drivers("libcloud.example.providers", providers_file, _Provider)


def test_every_api_table_loads() -> None:
    import importlib

    for api in ("compute", "storage", "dns", "loadbalancer", "container", "backup"):
        module = importlib.import_module("libcloud.%s.providers" % api)
        assert module.DRIVERS, api
        assert all(path.startswith("libcloud.%s.drivers." % api) for path, _ in module.DRIVERS.values())
