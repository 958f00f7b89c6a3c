"""Requests the S3 connections prepare (no I/O): addressing, headers, and SigV4 checked with botocore."""

import datetime as dt
import io
import re

import pytest

from libcloud.storage.base import Container
from libcloud.storage.drivers.s3 import S3StorageDriver, S3SignatureV4Connection
from libcloud.storage.drivers.s3.connection import BaseS3Connection
from tests.storage.s3.conftest import KEY, SECRET

botocore_auth = pytest.importorskip("botocore.auth")
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(S3SignatureV4Connection, "now", staticmethod(lambda: NOW))


def _prepare(driver, action, **kwargs):
    return driver.connection.prepare_request(action, **kwargs)


def _verify_with_botocore(request, scheme_host, region, token=None):
    """Recompute the signature with botocore from exactly the headers we say we signed."""
    auth_header = request.headers["Authorization"]
    signed = re.search(r"SignedHeaders=([^,]+)", auth_header).group(1).split(";")
    ours = re.search(r"Signature=([0-9a-f]+)", auth_header).group(1)
    headers = {k: v for k, v in request.headers.items() if k.lower() in signed}
    url = request.url if request.url.startswith("http") else scheme_host + request.url
    aws = AWSRequest(method=request.method, url=url, headers=headers, data=b"")
    aws.context["timestamp"] = NOW.strftime("%Y%m%dT%H%M%SZ")
    signer = botocore_auth.S3SigV4Auth(Credentials(KEY, SECRET, token), "s3", region)
    canonical = signer.canonical_request(aws)
    assert signer.signature(signer.string_to_sign(aws, canonical), aws) == ours


def test_path_style_get_with_awkward_query_is_signed_like_botocore():
    driver = S3StorageDriver(KEY, SECRET, host="127.0.0.1", port=9000, secure=False, region="eu-west-1")
    action = driver._get_container_path(Container("my.bucket", None, driver)) + "?list-type=2&prefix=a%20b%2Bc%2F"
    request = _prepare(driver, action)
    assert request.url.startswith("/my.bucket?")
    assert request.headers["Host"] == "127.0.0.1:9000"
    assert request.headers["x-amz-content-sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    _verify_with_botocore(request, "http://127.0.0.1:9000", "eu-west-1")


def test_virtual_hosted_put_signs_the_bucket_host_and_payload():
    driver = S3StorageDriver(KEY, SECRET, region="eu-west-1", ex_addressing_style="virtual")
    bucket = Container("mybucket", None, driver)
    action = driver._get_object_path(bucket, "dir/file name+1.txt")
    assert action == "https://mybucket.s3-eu-west-1.amazonaws.com/dir/file%20name%2B1.txt"
    request = _prepare(driver, action, method="PUT", data=b"hello",
                       headers={"x-amz-meta-colour": "blue", "Content-Type": "text/plain"})
    assert request.headers["Host"] == "mybucket.s3-eu-west-1.amazonaws.com"
    assert request.headers["x-amz-content-sha256"] == \
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert "x-amz-meta-colour" in request.headers["Authorization"]
    _verify_with_botocore(request, "", "eu-west-1")


def test_streamed_bodies_are_sent_unsigned_and_tokens_are_signed():
    driver = S3StorageDriver(KEY, SECRET, region="us-west-2", token="session-token")
    action = driver._get_object_path(Container("bkt", None, driver), "k")
    request = _prepare(driver, action, method="PUT", data=io.BytesIO(b"stream"))
    assert request.headers["x-amz-content-sha256"] == "UNSIGNED-PAYLOAD"
    assert request.headers["X-Amz-Security-Token"] == "session-token"
    assert "x-amz-security-token" in request.headers["Authorization"]
    _verify_with_botocore(request, "", "us-west-2", token="session-token")


@pytest.mark.parametrize("name,secure,virtual", [
    ("mybucket", True, True),
    ("my.bucket", True, False),   # a dot breaks the wildcard certificate over HTTPS
    ("my.bucket", False, True),
    ("my_bucket", True, False),   # not a DNS label
    ("MyBucket", True, False),
])
def test_auto_addressing_on_aws(name, secure, virtual):
    driver = S3StorageDriver(KEY, SECRET, secure=secure, ex_addressing_style="auto")
    url = driver._get_object_path(Container(name, None, driver), "k")
    assert url.startswith("http") is virtual
    if not virtual:
        assert url == "/%s/k" % name


def test_path_style_is_the_default_as_upstream():
    assert S3StorageDriver(KEY, SECRET)._bucket_url("mybucket", "k") == "/mybucket/k"


def test_custom_endpoints_and_ips_are_path_style_unless_asked():
    assert S3StorageDriver(KEY, SECRET, host="10.0.0.5")._bucket_url("bkt", "k") == "/bkt/k"
    assert S3StorageDriver(KEY, SECRET, host="s3.example.com")._bucket_url("bkt", "k") == "/bkt/k"
    virtual = S3StorageDriver(KEY, SECRET, host="s3.example.com", port=8443, ex_addressing_style="virtual")
    assert virtual._bucket_url("bkt", "k") == "https://bkt.s3.example.com:8443/k"
    with pytest.raises(ValueError):
        S3StorageDriver(KEY, SECRET, host="10.0.0.5", ex_addressing_style="virtual")._bucket_url("bkt")
    forced_path = S3StorageDriver(KEY, SECRET, ex_addressing_style="path")
    assert forced_path._bucket_url("mybucket", "k") == "/mybucket/k"


def test_sigv2_query_signature_matches_the_documented_example():
    # The example of AWS's "Signing and authenticating REST requests" (query string authentication).
    signature = BaseS3Connection.get_auth_signature(
        method="GET", headers={}, params={}, expires="1175139620", secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        path="/johnsmith/photos/puppy.jpg", vendor_prefix="x-amz")
    assert signature == "NpgCjnDzrM+WFzoENXmpNDUsSn8="


def test_sigv2_connection_puts_subresources_in_the_resource():
    from libcloud.storage.drivers.rgw import S3RGWStorageDriver

    driver = S3RGWStorageDriver(KEY, SECRET, host="rgw.local")
    request = _prepare(driver, "/bkt/key?uploadId=abc&partNumber=2", method="PUT", data=b"x")
    assert "AWSAccessKeyId=" + KEY in request.url and "Signature=" in request.url and "Expires=" in request.url
    assert driver.connection._canonical_resource("/bkt/key?uploadId=abc&partNumber=2&foo=1") == \
        "/bkt/key?partNumber=2&uploadId=abc"
