"""Issue 19 item 8: a 200 that is not a listing is an error, never an empty bucket (scripted servers)."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

from libcloud.common.types import MalformedResponseError
from libcloud.storage.base import Container
from tests.servers.scripted_api import ScriptedServer

NOT_LISTINGS = {
    "empty body": (b"", "application/xml"),
    "captive portal": (b"<html><body><form>Log in to the hotel Wi-Fi</form></body></html>", "text/html"),
    "error document": (b"<?xml version='1.0'?><Error><Code>SlowDown</Code><Message>m</Message></Error>",
                       "application/xml"),
    "plain text": (b"OK", "text/plain"),
}

AZURE_KEY = "dGVzdC1rZXktZm9yLWF6dXJlLWJsb2JzLXRlc3Rz"


def _s3(port: int) -> Any:
    from libcloud.storage.drivers.s3 import S3StorageDriver

    return S3StorageDriver("AKIDEXAMPLE", "secret-key-example", host="127.0.0.1", port=port, secure=False,
                           region="eu-west-1")


def _azure(port: int) -> Any:
    from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver

    return AzureBlobsStorageDriver("acct", AZURE_KEY, host="127.0.0.1", port=port, secure=False)


OPERATIONS: Dict[str, Callable[[Any], Any]] = {
    "s3 list_containers": lambda port: _s3(port).list_containers(),
    "s3 list_container_objects": lambda port: _s3(port).list_container_objects(Container("b", {}, None)),
    "s3 multipart uploads": lambda port: list(_s3(port).ex_iterate_multipart_uploads(Container("b", {}, None))),
    "s3 multipart parts": lambda port: _s3(port).ex_list_multipart_upload_parts(Container("b", {}, None), "k", "u"),
    "azure list_containers": lambda port: _azure(port).list_containers(),
    "azure list_container_objects": lambda port: _azure(port).list_container_objects(Container("b", {}, None)),
}


@pytest.mark.parametrize("body", sorted(NOT_LISTINGS))
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_200_that_is_not_a_listing_raises_malformed_response(operation: str, body: str) -> None:
    payload, content_type = NOT_LISTINGS[body]
    with ScriptedServer(lambda m, p, q, b: (200, payload, {"Content-Type": content_type})) as server:
        with pytest.raises(MalformedResponseError):
            OPERATIONS[operation](server.port)
