"""Ranged reads up to 4 MiB are MD5-checked: a byte flipped on the way is an error, never wrong bytes.

Azure sends the MD5 of a range when asked (``x-ms-range-get-content-md5``,
ranges up to 4 MiB).  A :class:`~tests.fakes.fault_proxy.FaultProxy` in front
of Azurite flips one byte deep inside the body of the first answer; the sync
stream, the download to a file and the asyncio stream must each refuse it.
Beyond 4 MiB Azure gives no range MD5 (docs/security.rst says so).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any, List

import pytest

from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver
from libcloud.storage.types import ObjectHashMismatchError
from tests.fakes.fault_proxy import Fault, FaultProxy

DATA = os.urandom(200 * 1024)
#: Far past any response head, inside the body of the range read below.
FLIP_AT = 60 * 1024


class _FlipOnce(FaultProxy):
    """Flips one byte at ``FLIP_AT`` of the first answer of connection 0; nothing else."""

    def plan(self, number: int, direction: str, step: int, seen: int) -> Fault:
        if number == 0 and direction == "down" and step == 0:
            return Fault("corrupt", "down", FLIP_AT, size=1, mask=0x20)
        return Fault("none", direction, seen + (1 << 40))


def _via(proxy: FaultProxy, azurite: Any) -> AzureBlobsStorageDriver:
    return AzureBlobsStorageDriver(azurite.account, azurite.key, secure=False, host="127.0.0.1", port=proxy.port,
                                   timeout=5)


@pytest.fixture
def blob(driver: Any, container: Any) -> Any:
    return driver.upload_object_via_stream(iter([DATA]), container, "ranged.bin")


def _flipped(proxy: FaultProxy) -> List[Any]:
    return [event for event in proxy.events if event[1].startswith("corrupt/")]


def test_garbled_range_stream_is_refused(azurite: Any, blob: Any) -> None:
    with _FlipOnce((azurite.host, azurite.port), seed=0) as proxy:
        with pytest.raises(ObjectHashMismatchError):
            b"".join(_via(proxy, azurite).download_object_range_as_stream(blob, 100, 150 * 1024))
        assert _flipped(proxy), "the fault did not fire: the test proved nothing"
        # the same read through the proxy, once the fault has fired, is right
        assert b"".join(_via(proxy, azurite).download_object_range_as_stream(blob, 100, 150 * 1024)) == \
            DATA[100 : 150 * 1024]


def test_garbled_open_ended_range_to_file_leaves_nothing(azurite: Any, blob: Any, tmp_path: Any) -> None:
    dest = tmp_path / "part.bin"
    with _FlipOnce((azurite.host, azurite.port), seed=0) as proxy:
        via = _via(proxy, azurite)
        via.download_concurrency = 1
        with pytest.raises(ObjectHashMismatchError):
            via.download_object_range(blob, str(dest), 1000, None)
        assert _flipped(proxy)
    assert os.listdir(tmp_path) == []


def test_garbled_range_async_stream_is_refused(azurite: Any, blob: Any) -> None:
    from libcloud.asyncio._driver import async_driver_class
    from libcloud.asyncio.storage.base import AsyncStorageDriver

    cls = async_driver_class(AzureBlobsStorageDriver, AsyncStorageDriver)

    async def scenario(port: int) -> None:
        async with cls(azurite.account, azurite.key, secure=False, host="127.0.0.1", port=port) as adriver:
            with pytest.raises(ObjectHashMismatchError):
                b"".join([chunk async for chunk in adriver.download_object_range_as_stream(blob, 0, 100 * 1024)])

    with _FlipOnce((azurite.host, azurite.port), seed=0) as proxy:
        asyncio.run(scenario(proxy.port))
        assert _flipped(proxy)
