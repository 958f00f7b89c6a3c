"""The Shared Key signer and the Azure connection/response classes (no network).

Expected strings to sign are written out by hand from Microsoft's "Authorize
with Shared Key" rules; expected signatures were computed independently with
``openssl dgst -sha256 -mac HMAC`` over those strings.
"""

import base64
import time

import pytest

from libcloud.common import azure
from libcloud.common.azure import (
    AzureConnection,
    AzureRawResponse,
    AzureResponse,
    canonicalized_headers,
    canonicalized_resource,
    shared_key_authorization,
    split_url,
    string_to_sign,
)
from libcloud.common.types import InvalidCredsError, LibcloudError

KEY = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
DATE = "Mon, 07 Jan 2013 06:31:06 GMT"
BASE = {"x-ms-date": DATE, "x-ms-version": "2018-11-09"}
EMPTY_12 = "\n" * 11  # the eleven standard header lines after the verb, all empty


def test_list_containers_string_and_signature():
    query = [("comp", "list"), ("maxresults", "100"), ("include", "metadata")]
    expected = ("GET" + EMPTY_12 + "\n"
                "x-ms-date:%s\nx-ms-version:2018-11-09\n/myaccount/\ncomp:list\ninclude:metadata\nmaxresults:100"
                % DATE)
    assert string_to_sign("GET", "myaccount", "/", query, BASE) == expected
    assert shared_key_authorization("myaccount", KEY, "GET", "/", query, BASE) == (
        "SharedKey myaccount:EFj4tx0xzoShLjQPbvkSUn5t1R8OJGF8NeSIDIBT0U0=")


def test_put_blob_standard_headers_in_order_and_folded_meta():
    headers = dict(BASE, **{
        "Content-Length": "5", "Content-Type": "text/plain", "Content-MD5": "XUFAKrxLKna5cZ2REBfFkg==",
        "X-MS-Blob-Type": "BlockBlob", "x-ms-meta-Colour": "  deep   blue ", "User-Agent": "not signed",
    })
    expected = ("PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\ntext/plain\n\n\n\n\n\n\n"
                "x-ms-blob-type:BlockBlob\nx-ms-date:%s\nx-ms-meta-colour:deep blue\nx-ms-version:2018-11-09\n"
                "/myaccount/photos/a%%20b/c.txt" % DATE)
    assert string_to_sign("PUT", "myaccount", "/photos/a%20b/c.txt", [], headers) == expected
    assert shared_key_authorization("myaccount", KEY, "PUT", "/photos/a%20b/c.txt", [], headers) == (
        "SharedKey myaccount:tPfm6Xu9YBVjciYeeoJVyS9uKE7cdB1J3DGraNP+Lzs=")


def test_zero_content_length_is_signed_empty_and_emulator_path():
    headers = dict(BASE, **{"Content-Length": "0"})
    text = string_to_sign("DELETE", "devstoreaccount1", "/devstoreaccount1/photos", [("restype", "container")],
                          headers)
    assert text.split("\n")[3] == ""
    assert text.endswith("/devstoreaccount1/devstoreaccount1/photos\nrestype:container")
    assert shared_key_authorization("devstoreaccount1", KEY, "DELETE", "/devstoreaccount1/photos",
                                    [("restype", "container")], headers) == (
        "SharedKey devstoreaccount1:e00o3HgxtziiZmdRyBIYfUpgK/QSlF6kU6wVj5E1fEQ=")


def test_query_values_are_decoded_and_names_lowercased():
    path, query = split_url("/photos/blob?comp=block&BlockId=AAA%2B%2Fw%3D%3D")
    assert path == "/photos/blob"
    assert query == [("comp", "block"), ("BlockId", "AAA+/w==")]
    headers = dict(BASE, **{"Content-Length": "3"})
    assert shared_key_authorization("myaccount", KEY, "PUT", path, query, headers) == (
        "SharedKey myaccount:30XF+u9lMnKOfklIt+ZjSmtJEQAuGR0g3V0mqSPC7YQ=")


def test_repeated_parameters_sorted_and_comma_joined_and_if_match():
    assert canonicalized_resource("a", "/c", [("include", "snapshots"), ("include", "metadata")]) == (
        "/a/c\ninclude:metadata,snapshots")
    headers = dict(BASE, **{"If-Match": '"0x1"', "x-ms-range": "bytes=0-9"})
    query = [("include", "snapshots"), ("include", "metadata")]
    assert shared_key_authorization("myaccount", KEY, "GET", "/photos/blob", query, headers) == (
        "SharedKey myaccount:h6cjYrhcLDOggfCFE80WWjGLdbHbUfikE0WWyHh3+Ew=")


def test_date_is_blank_when_x_ms_date_is_present():
    with_both = string_to_sign("GET", "a", "/", [], dict(BASE, Date="Tue, 08 Jan 2013 00:00:00 GMT"))
    assert with_both == string_to_sign("GET", "a", "/", [], BASE)
    only_date = string_to_sign("GET", "a", "/", [], {"Date": "Tue, 08 Jan 2013 00:00:00 GMT"})
    assert only_date.split("\n")[6] == "Tue, 08 Jan 2013 00:00:00 GMT"


def test_canonicalized_headers_ignore_other_headers():
    assert canonicalized_headers({"Host": "x", "x-ms-b": "2", "X-Ms-A": "1"}) == "x-ms-a:1\nx-ms-b:2\n"


def test_connection_signs_the_prepared_request(monkeypatch):
    monkeypatch.setattr(azure.time, "gmtime", lambda *a: time.struct_time((2013, 1, 7, 6, 31, 6, 0, 7, 0)))
    conn = AzureConnection("myaccount", KEY, host="myaccount.blob.core.windows.net")
    conn.API_VERSION = "2018-11-09"
    request = conn.prepare_request("/", params={"comp": "list", "maxresults": 100, "include": "metadata"})
    assert request.headers["x-ms-date"] == DATE
    assert "Host" not in request.headers
    assert request.headers["Authorization"] == "SharedKey myaccount:EFj4tx0xzoShLjQPbvkSUn5t1R8OJGF8NeSIDIBT0U0="
    # Spaces in the query go out as %20, exactly what the signature covered.
    spaced = conn.prepare_request("/c", params={"prefix": "a b+c"})
    assert spaced.url == "/c?prefix=a%20b%2Bc"
    assert split_url(spaced.url)[1] == [("prefix", "a b+c")]


def test_connection_upstream_signature_helper_accepts_dict_params():
    conn = AzureConnection("myaccount", KEY)
    value = conn._get_azure_auth_signature("GET", BASE, {"comp": "list", "maxresults": 100, "include": "metadata"},
                                           "myaccount", KEY, "/")
    assert value == "SharedKey myaccount:EFj4tx0xzoShLjQPbvkSUn5t1R8OJGF8NeSIDIBT0U0="


def test_connection_fills_content_length_for_bodies():
    conn = AzureConnection("myaccount", KEY)
    put = conn.prepare_request("/c/b", data=b"abc", method="PUT")
    assert put.headers["Content-Length"] == "3"
    empty = conn.prepare_request("/c/b", method="DELETE")
    assert empty.headers["Content-Length"] == "0"


class _FakeHTTP:
    def __init__(self, status, body=b"", headers=None):
        self.status_code = status
        self.headers = headers or {}
        self.reason = "reason"
        self.request = None
        self.content = body
        self.encoding = None
        self.text = body.decode()

    def iter_content(self, *a, **k):
        yield self.content

    def close(self):
        pass


ERROR_XML = b"<?xml version='1.0'?><Error><Code>AuthenticationFailed</Code><Message>Bad sig\nRequestId:1</Message></Error>"


def test_response_success_codes_and_errors():
    conn = AzureConnection("a", KEY)
    assert AzureResponse(_FakeHTTP(404, b"<Error><Code>BlobNotFound</Code></Error>"), conn).status == 404
    assert AzureResponse(_FakeHTTP(206), conn).success()
    with pytest.raises(InvalidCredsError, match="AuthenticationFailed: Bad sig"):
        AzureResponse(_FakeHTTP(403, ERROR_XML), conn)
    with pytest.raises(LibcloudError, match="Status code: 500"):
        AzureResponse(_FakeHTTP(500, b"<html>oops</html>"), conn)


def test_raw_response_errors():
    conn = AzureConnection("a", KEY)
    assert AzureRawResponse(conn, _FakeHTTP(404)).status == 404
    with pytest.raises(InvalidCredsError):
        AzureRawResponse(conn, _FakeHTTP(403, ERROR_XML, {"x-ms-error-code": "AuthenticationFailed"}))


@pytest.mark.parametrize("version,method,headers,expected", [
    ("2018-11-09", "PUT", {}, ""),
    ("2018-11-09", "PUT", {"Content-Length": "0"}, ""),
    ("2018-11-09", "PUT", {"content-length": "123"}, "123"),
    ("2011-08-18", "PUT", {}, "0"),  # before 2015-02-21 a write signs a missing length as 0
    ("2011-08-18", "PUT", {"Content-Length": "0"}, "0"),
    ("2011-08-18", "GET", {}, ""),
])
def test_content_length_line_follows_the_api_version(version, method, headers, expected):
    conn = AzureConnection("user", KEY)
    conn.API_VERSION = version
    values = conn._format_special_header_values(headers, method)
    assert len(values) == 11 and values[2] == expected
    # The signer proper reads the version from the x-ms-version the request carries.
    text = string_to_sign(method, "a", "/", [], dict(headers, **{"x-ms-version": version}))
    assert text.split("\n")[3] == expected
