"""Issue 19 item 11: a body shorter than its Content-Length fails even when there is no hash to check.

The server sends no ETag (and the object carries none), so only the byte count can catch the cut.
Destinations keep their old content and no temporary file is left behind.
"""

import os

import pytest
import requests

from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object
from tests.storage.s3.conftest import local_driver

BODY = bytes(range(256)) * 400


def _short_body(nbytes: int):
    def handler(req):
        req.send_response(200)
        req.send_header("Content-Length", str(len(BODY)))
        req.end_headers()
        req.wfile.write(BODY[:nbytes])
        req.wfile.flush()
        req.close_connection = True
        req.connection.shutdown(2)
    return handler


def _obj(driver, size=None):
    return Object("key", size if size is not None else len(BODY), None, {}, None, Container("bkt", None, driver),
                  driver)


def _leftovers(folder):
    return sorted(name for name in os.listdir(folder) if name != "out.bin")


@pytest.mark.parametrize("parallel", [False, True])
@pytest.mark.parametrize("cut", [0, 1, 5000, len(BODY) - 1])
def test_short_body_without_hash_fails_and_keeps_destination(server, tmp_path, cut, parallel):
    server.route("/bkt/key", _short_body(cut))
    kwargs = {"ex_parallel_download_threshold": 1, "ex_download_part_size": 40000} if parallel else {}
    driver = local_driver(server, **kwargs)
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")
    with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
        driver.download_object(_obj(driver), str(dest), overwrite_existing=True)
    assert dest.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("cut", [0, 5000])
def test_short_body_without_hash_to_a_new_path_creates_nothing(server, tmp_path, cut):
    server.route("/bkt/key", _short_body(cut))
    driver = local_driver(server)
    with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
        driver.download_object(_obj(driver), str(tmp_path / "out.bin"))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("cut", [0, 5000])
def test_short_body_without_hash_fails_the_stream(server, cut):
    server.route("/bkt/key", _short_body(cut))
    driver = local_driver(server)
    with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
        b"".join(driver.download_object_as_stream(_obj(driver), chunk_size=1000))


@pytest.mark.parametrize("cut", [0, 5000])
def test_short_body_without_hash_fails_on_the_asyncio_api(server, tmp_path, cut):
    import asyncio

    from libcloud.asyncio.storage.providers import get_driver
    from tests.storage.s3.conftest import KEY, SECRET

    server.route("/bkt/key", _short_body(cut))
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")

    async def main() -> None:
        async with get_driver("s3")(KEY, SECRET, host="127.0.0.1", port=server.port, secure=False,
                                    region="eu-west-1") as driver:
            obj = _obj(driver.sync_driver)
            with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
                await driver.download_object(obj, str(dest), overwrite_existing=True)
            with pytest.raises((LibcloudError, requests.exceptions.RequestException)):
                async for _chunk in driver.download_object_as_stream(obj, chunk_size=1000):
                    pass

    asyncio.run(main())
    assert dest.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []
