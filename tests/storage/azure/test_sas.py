"""Azure Blobs with a shared access signature, against Azurite: the SAS alone authorises every request."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from urllib.parse import urlencode

import pytest

from libcloud.common.types import InvalidCredsError
from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver
from libcloud.storage.drivers.azure_blobs.connection import parse_sas_token


def account_sas(account: str, key: str, permissions: str = "rwdlacup", expiry_hours: int = 1) -> str:
    """An account SAS (version 2019-12-12), signed with the account key as Azure documents it."""
    expiry = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=expiry_hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = {"sv": "2019-12-12", "ss": "b", "srt": "sco", "sp": permissions, "se": expiry, "spr": "https,http"}
    to_sign = "\n".join([account, fields["sp"], fields["ss"], fields["srt"], "", fields["se"], "", fields["spr"],
                         fields["sv"], ""])
    digest = hmac.new(base64.b64decode(key), to_sign.encode("utf-8"), hashlib.sha256).digest()
    return urlencode(dict(fields, sig=base64.b64encode(digest).decode()))


def _sas_driver(azurite, token: str) -> AzureBlobsStorageDriver:
    return AzureBlobsStorageDriver(azurite.account, secure=False, host=azurite.host, port=azurite.port,
                                   ex_sas_token=token)


def test_a_sas_token_authorises_a_whole_round_trip(azurite) -> None:
    driver = _sas_driver(azurite, "?" + account_sas(azurite.account, azurite.key))
    assert driver.credentials_source == "shared access signature"
    name = azurite.unique("sas")
    container = driver.create_container(name)
    try:
        obj = driver.upload_object_via_stream(iter([b"hello ", b"sas"]), container, "greeting.txt")
        assert b"".join(driver.download_object_as_stream(obj)) == b"hello sas"
        assert [o.name for o in driver.list_container_objects(container)] == ["greeting.txt"]
        driver.delete_object(obj)
    finally:
        driver.delete_container(driver.get_container(name))


def test_a_read_only_sas_is_refused_for_writes(azurite) -> None:
    driver = _sas_driver(azurite, account_sas(azurite.account, azurite.key, permissions="rl"))
    with pytest.raises(InvalidCredsError):
        driver.create_container(azurite.unique("ro"))


def test_a_forged_signature_is_refused(azurite) -> None:
    token = account_sas(azurite.account, base64.b64encode(b"not the key").decode())
    with pytest.raises(InvalidCredsError):
        _sas_driver(azurite, token).list_containers()


def test_something_that_is_not_a_sas_is_refused_before_any_request() -> None:
    with pytest.raises(ValueError, match="no sig= parameter"):
        parse_sas_token("https://account.blob.core.windows.net/")
