"""A connection class that replaces how requests are sent (a test double) gets one part at a time.

Upstream's ``MockHttp`` swaps requests' transport for each call, so two
threads using it at once break each other's mocks: parallel block uploads
and ranged downloads must not run through such a class.
"""

from __future__ import annotations

from libcloud.http import LibcloudConnection
from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver


class _Double(LibcloudConnection):
    def request(self, method, url, body=None, headers=None, raw=False, stream=False):
        raise AssertionError("not called in this test")


def test_our_transport_sends_parts_in_parallel():
    driver = AzureBlobsStorageDriver("account", "c2VjcmV0")
    assert driver.connection.serial_transport is False
    assert driver._upload_settings()[1] == driver.upload_concurrency > 1
    assert driver._download_settings()[1] == driver.download_concurrency > 1


def test_a_test_double_gets_one_part_at_a_time(monkeypatch):
    monkeypatch.setattr(AzureBlobsStorageDriver.connectionCls, "conn_class", _Double)
    driver = AzureBlobsStorageDriver("account", "c2VjcmV0")
    assert driver.connection.serial_transport is True
    assert driver._upload_settings()[1] == 1
    assert driver._download_settings()[1] == 1
