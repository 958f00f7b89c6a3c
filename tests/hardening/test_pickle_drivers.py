"""Issue 19 item 10: every registered driver that can be built offline survives pickle and deepcopy.

Drivers go to process pools and Dask/Ray workers: a pickle round-trip (every protocol) and
``copy.deepcopy`` must give a working driver of the same class with the same credentials, its
connections and locks rebuilt on the other side (``SingleFlight``, the B2/Local/Dummy locks).
"""

from __future__ import annotations

import copy
import os
import pickle
import sys
import threading
from typing import Any, Dict, List, Tuple

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "docs", "_ext"))

from libcloud_support.registry import discover_apis  # noqa: E402

KEY, SECRET = "GOOG1EXAMPLEKEY", "c2VjcmV0c2VjcmV0c2VjcmV0"

# Constructor arguments per class name where the generic attempts below cannot build one offline.
SPECIAL: Dict[str, Tuple[Tuple[Any, ...], Dict[str, Any]]] = {
    "GCENodeDriver": (("default", None), {"project": "proj", "auth_type": "GCE"}),
    "GoogleDNSDriver": (("default", None), {"project": "proj", "auth_type": "GCE"}),
    "GoogleStorageDriver": ((KEY, SECRET), {}),
    "GCELBDriver": (("default", None), {"project": "proj", "auth_type": "GCE"}),
    "GKEContainerDriver": (("default", None), {"project": "proj", "auth_type": "GCE"}),
}

ATTEMPTS: List[Tuple[Tuple[Any, ...], Dict[str, Any]]] = [
    ((KEY, SECRET), {}),
    ((KEY,), {}),
    ((KEY, SECRET), {"region": "us-east-1"}),
    ((KEY, SECRET), {"host": "127.0.0.1"}),
    ((KEY, SECRET, "project"), {}),
]


def _classes() -> List[type]:
    seen: List[type] = []
    for api in discover_apis():
        for row in api.implemented:
            if row.driver not in seen:
                seen.append(row.driver)
    return seen


@pytest.fixture(scope="module")
def metadata() -> Any:
    """A local GCE metadata server, so Google drivers built with ``auth_type="GCE"`` get a token offline."""
    from tests.servers.google_fakes import MetadataServer

    server = MetadataServer()
    try:
        yield server
    finally:
        server.stop()


def _build(cls: type, tmp_path: Any) -> Any:
    if cls.__name__ == "LocalStorageDriver":
        return cls(str(tmp_path))
    if cls.__name__ in SPECIAL:
        args, kwargs = SPECIAL[cls.__name__]
        kwargs = dict(kwargs)
        if kwargs.get("auth_type") == "GCE":
            kwargs["credential_file"] = str(tmp_path / "tokens")
        return cls(*args, **kwargs)
    errors = []
    for args, kwargs in ATTEMPTS:
        try:
            return cls(*args, **kwargs)
        except Exception as exc:  # the next signature may fit
            errors.append("%s: %s" % (type(exc).__name__, exc))
    pytest.fail("cannot build %s offline: %s" % (cls.__name__, errors))


def _same(original: Any, clone: Any) -> None:
    assert type(clone) is type(original)
    assert clone is not original
    for name in ("key", "secret", "region", "secure"):
        assert getattr(clone, name, None) == getattr(original, name, None), name
    connection = getattr(original, "connection", None)
    if connection is not None:
        assert clone.connection is not connection
        assert clone.connection.host == connection.host
        assert clone.connection.driver is clone or getattr(connection, "driver", None) is not original


@pytest.mark.parametrize("cls", _classes(), ids=lambda cls: "%s.%s" % (cls.__module__.split(".", 1)[1], cls.__name__))
def test_driver_pickles_and_deepcopies(cls: type, tmp_path: Any, metadata: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("GCE_METADATA_HOST", metadata.address)
    driver = _build(cls, tmp_path)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        _same(driver, pickle.loads(pickle.dumps(driver, protocol=protocol)))
    _same(driver, copy.deepcopy(driver))


def test_single_flight_rebuilds_its_lock() -> None:
    from libcloud._core.singleflight import SingleFlight

    flight: SingleFlight[int] = SingleFlight()
    leader, _ = flight.join()  # one flight in progress: not carried to the copy
    clone = pickle.loads(pickle.dumps(flight))
    assert clone.current is None
    assert isinstance(clone._lock, type(threading.Lock()))
    assert clone._lock is not flight._lock
    assert clone.join()[0] is True


def test_a_pickled_s3_driver_works_against_a_server(server: Any) -> None:
    from tests.storage.s3.conftest import local_driver

    body = (b"<?xml version='1.0'?><ListAllMyBucketsResult><Buckets><Bucket><Name>bkt</Name>"
            b"<CreationDate>2020-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>")
    server.route("/", lambda req: req.reply(200, body))
    driver = local_driver(server)
    driver.list_containers()  # a used connection (pool, session) must not travel
    clone = pickle.loads(pickle.dumps(driver))
    assert [c.name for c in clone.list_containers()] == ["bkt"]
    assert [c.name for c in copy.deepcopy(driver).list_containers()] == ["bkt"]
