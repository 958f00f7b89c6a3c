"""Endpoint selection, listing parsers and Azure AD auth, against MockHttp (no server)."""

import time

import pytest

from libcloud.common.types import LibcloudError

from libcloud.storage.drivers.azure_blobs import (
    AzureBlobsActiveDirectoryConnection,
    AzureBlobsConnection,
    AzureBlobsStorageDriver,
)
from libcloud.test import MockHttp

KEY = "c2VjcmV0IGtleSBieXRlcw=="

CONTAINERS_PAGE_1 = """<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/"><MaxResults>1</MaxResults>
<Containers><Container><Name>first</Name><Properties><Last-Modified>Tue, 01 Feb 2022 10:00:00 GMT</Last-Modified>
<Etag>"0xAAA"</Etag><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState></Properties>
<Metadata><team>blue</team></Metadata></Container></Containers><NextMarker>/acct/second</NextMarker>
</EnumerationResults>"""
CONTAINERS_PAGE_2 = """<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/"><Marker>/acct/second</Marker>
<Containers><Container><Name>second</Name><Properties><Etag>"0xBBB"</Etag></Properties></Container></Containers>
<NextMarker /></EnumerationResults>"""
BLOBS = """<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ContainerName="first"><Blobs><Blob><Name>a/b.txt</Name><Properties>
<Etag>0x8CCC</Etag><Content-Length>3</Content-Length><Content-Type>text/plain</Content-Type><Content-Encoding />
<Content-MD5>kAFQmDzST7DWlj99KOF/cg==</Content-MD5><BlobType>BlockBlob</BlobType></Properties>
<Metadata><m>1</m></Metadata></Blob><Blob><Name>nomd5</Name><Properties><Etag>0x8DDD</Etag>
<Content-Length>0</Content-Length></Properties></Blob></Blobs><NextMarker /></EnumerationResults>"""


class AzureMockHttp(MockHttp):
    seen_auth = []
    token_hosts = []

    def _first(self, method, url, body, headers):  # container listing
        return 200, BLOBS, {"content-type": "application/xml"}, "OK"

    def root(self, method, url, body, headers):
        self.seen_auth.append(headers.get("Authorization"))
        page = CONTAINERS_PAGE_2 if "marker=" in url else CONTAINERS_PAGE_1
        return 200, page, {"content-type": "application/xml"}, "OK"

    def _tenant_oauth2_token(self, method, url, body, headers):
        self.token_hosts.append((self.host, headers.get("Authorization")))
        assert "grant_type=client_credentials" in body and "client_id=app-id" in body
        assert "resource=https%3A%2F%2Fstorage.azure.com%2F" in body
        token = '{"access_token": "tok-1", "expires_on": "%d", "token_type": "Bearer"}' % (time.time() + 3600)
        return 200, token, {"content-type": "application/json"}, "OK"


@pytest.fixture
def mock_conn(monkeypatch):
    monkeypatch.setattr(AzureBlobsConnection, "conn_class", AzureMockHttp)
    monkeypatch.setattr(AzureBlobsActiveDirectoryConnection, "conn_class", AzureMockHttp)
    monkeypatch.setattr(AzureBlobsActiveDirectoryConnection, "login_conn_class", AzureMockHttp)
    AzureMockHttp.seen_auth = []
    AzureMockHttp.token_hosts = []


@pytest.mark.parametrize("host,expected_host,prefix", [
    (None, "acct.blob.core.windows.net", None),
    ("blob.core.chinacloudapi.cn", "acct.blob.core.chinacloudapi.cn", None),
    ("x.blob.core.usgovcloudapi.net", "acct.blob.core.usgovcloudapi.net", None),
    ("acct.privatelink.blob.core.windows.net", "acct.privatelink.blob.core.windows.net", None),
    ("127.0.0.1", "127.0.0.1", "acct"),
])
def test_endpoint_selection(host, expected_host, prefix):
    driver = AzureBlobsStorageDriver("acct", KEY, host=host)
    assert driver.connection.host == expected_host
    assert driver.connection.account_prefix == prefix
    assert driver.connection.API_VERSION == "2018-11-09"
    assert driver.connection.key == b"secret key bytes"
    path = driver.connection.morph_action_hook("/c/b")
    assert path == ("/acct/c/b" if prefix else "/c/b")


def test_constructor_without_key_searches_the_chain_and_drops_unknown_upload_kwargs():
    # No account key and no Azure identity anywhere (tests/network_guard.py empties the environment).
    from libcloud.common.azure_identity import AzureCredentialsNotFoundError

    with pytest.raises(AzureCredentialsNotFoundError, match="managed identity"):
        AzureBlobsStorageDriver("acct")
    driver = AzureBlobsStorageDriver("acct", KEY, ex_upload_block_size=1024, ex_upload_concurrency=2)
    assert (driver.upload_block_size, driver.upload_concurrency) == (1024, 2)


def test_listings_parse_and_page(mock_conn):
    driver = AzureBlobsStorageDriver("acct", KEY)
    containers = driver.list_containers()
    assert [c.name for c in containers] == ["first", "second"]
    assert containers[0].extra["etag"] == "0xAAA" and containers[0].extra["meta_data"] == {"team": "blue"}
    assert all(auth.startswith("SharedKey acct:") for auth in AzureMockHttp.seen_auth)
    objects = driver.list_container_objects(containers[0])
    assert [(o.name, o.size, o.hash, o.extra["md5_hash"]) for o in objects] == [
        ("a/b.txt", 3, "0x8CCC", "900150983cd24fb0d6963f7d28e17f72"), ("nomd5", 0, "0x8DDD", None)]
    assert objects[0].meta_data == {"m": "1"} and objects[0].extra["etag"] == "0x8CCC"
    assert objects[0].extra["content_encoding"] is None


def test_azure_ad_token_is_fetched_then_used(mock_conn):
    driver = AzureBlobsStorageDriver("acct", "client-secret", tenant_id="tenant", identity="app-id",
                                     auth_type="azureAd")
    assert isinstance(driver.connection, AzureBlobsActiveDirectoryConnection)
    assert driver.connection.access_token is None  # no I/O in the constructor
    assert [c.name for c in driver.list_containers()] == ["first", "second"]
    assert AzureMockHttp.seen_auth == ["Bearer tok-1", "Bearer tok-1"]
    with pytest.raises(LibcloudError, match="Shared Key"):
        driver.get_object_cdn_url(None)


def test_azure_ad_login_uses_the_connection_class_and_proxy(monkeypatch):
    # No login_conn_class: the login goes through conn_class, as a mock or proxy set there expects.
    monkeypatch.setattr(AzureBlobsActiveDirectoryConnection, "conn_class", AzureMockHttp)
    monkeypatch.setattr(AzureMockHttp, "seen_auth", [])
    monkeypatch.setattr(AzureMockHttp, "token_hosts", [])
    driver = AzureBlobsStorageDriver("acct", "client-secret", tenant_id="tenant", identity="app-id",
                                     auth_type="azureAd", proxy_url="http://127.0.0.1:3128")
    login = driver.connection._login_connection()
    assert (login.conn_class, login.proxy_url) == (AzureMockHttp, "http://127.0.0.1:3128")
    driver.connection.set_http_proxy("http://127.0.0.1:3129")
    assert login.proxy_url == "http://127.0.0.1:3129"
    driver.list_containers()
    # One login, to the login host only, without any bearer token; storage requests carry the token.
    assert AzureMockHttp.token_hosts == [("https://login.microsoftonline.com", None)]
    assert AzureMockHttp.seen_auth == ["Bearer tok-1", "Bearer tok-1"]


@pytest.mark.parametrize("token,lifetime", [
    ({"expires_in": "3600", "expires_on": "1111111111"}, 3600),  # expires_in wins: no clock-skew trap
    ({"expires_on": 600}, 600),  # seconds from now, made absolute below
    ({}, 3600),
])
def test_token_expiry(token, lifetime):
    from libcloud.common.azure import _token_expiry

    token = {k: (str(int(time.time()) + v) if isinstance(v, int) else v) for k, v in token.items()}
    assert abs(_token_expiry(token) - (time.time() + lifetime)) < 5
