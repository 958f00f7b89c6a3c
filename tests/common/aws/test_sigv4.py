"""The SigV4 signer against AWS's published test vectors (aws-sig-v4-test-suite and the docs' examples)."""

import datetime as dt
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from libcloud.common.aws import sigv4

SUITE_NOW = dt.datetime(2015, 8, 30, 12, 36, 0)
SUITE_KEY = "AKIDEXAMPLE"
SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
HOST = {"Host": "example.amazonaws.com"}

# (name, method, url, extra headers, body, signed headers, signature) from the AWS SigV4 test suite.
SUITE = [
    ("get-vanilla", "GET", "/", {}, b"", "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    ("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", {}, b"", "host;x-amz-date",
     "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    ("get-vanilla-empty-query-key", "GET", "/?Param1=value1", {}, b"", "host;x-amz-date",
     "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
    ("get-vanilla-query-unreserved", "GET",
     "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
     "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", {}, b"", "host;x-amz-date",
     "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
    ("get-vanilla-utf8-query", "GET", "/?" + quote("\u1234") + "=bar", {}, b"", "host;x-amz-date",
     "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
    ("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", {}, b"",
     "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
    ("get-utf8", "GET", "/\u1234", {}, b"", "host;x-amz-date",
     "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    ("get-header-value-trim", "GET", "/", {"My-Header1": "value1", "My-Header2": '"a   b   c"'}, b"",
     "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
    ("get-header-value-order", "GET", "/", {"My-Header1": "value4,value1,value3,value2"}, b"",
     "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
    ("get-header-key-duplicate", "GET", "/", {"My-Header1": "value2,value2,value1"}, b"",
     "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
    ("post-vanilla", "POST", "/", {}, b"", "host;x-amz-date",
     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    ("post-vanilla-query", "POST", "/?Param1=value1", {}, b"", "host;x-amz-date",
     "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
    ("post-header-key-sort", "POST", "/", {"My-Header1": "value1"}, b"", "host;my-header1;x-amz-date",
     "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
    ("post-header-value-case", "POST", "/", {"My-Header1": "VALUE1"}, b"", "host;my-header1;x-amz-date",
     "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
    ("post-vanilla-query-nonunreserved", "POST",
     "/?%40%23%24%25%5E=&%2B=" + quote('/,?><`";:\\|][{}', safe=""), {}, b"", "host;x-amz-date",
     "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),
    ("post-x-www-form-urlencoded", "POST", "/", {"Content-Type": "application/x-www-form-urlencoded"},
     b"Param1=value1", "content-type;host;x-amz-date",
     "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    ("post-x-www-form-urlencoded-parameters", "POST", "/",
     {"Content-Type": "application/x-www-form-urlencoded; charset=utf8"}, b"Param1=value1",
     "content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
]


@pytest.mark.parametrize("name,method,url,headers,body,signed,signature", SUITE, ids=[case[0] for case in SUITE])
def test_aws_test_suite(name, method, url, headers, body, signed, signature):
    all_headers = dict(HOST, **headers)
    added = sigv4.sign(method, url, all_headers, sigv4.sha256_hex(body), SUITE_KEY, SUITE_SECRET, "us-east-1",
                       "service", SUITE_NOW)
    assert added["X-Amz-Date"] == "20150830T123600Z"
    assert added["Authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=%s, Signature=%s" % (signed, signature))


def test_iam_list_users_documented_example():
    headers = {"Host": "iam.amazonaws.com", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    added = sigv4.sign("GET", "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", headers,
                       sigv4.EMPTY_SHA256, SUITE_KEY, SUITE_SECRET, "us-east-1", "iam", SUITE_NOW)
    assert added["Authorization"].endswith(
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")


def test_signing_key_matches_documented_derivation():
    key = sigv4.signing_key(SUITE_SECRET, "20150830", "us-east-1", "iam")
    assert key.hex() == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"


S3_KEY = "AKIAIOSFODNN7EXAMPLE"
S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
S3_NOW = dt.datetime(2013, 5, 24, 0, 0, 0)


def test_s3_get_object_documented_example():
    headers = {"Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9",
               "x-amz-content-sha256": sigv4.EMPTY_SHA256}
    added = sigv4.sign("GET", "/test.txt", headers, sigv4.EMPTY_SHA256, S3_KEY, S3_SECRET, "us-east-1", "s3",
                       S3_NOW, normalize_path=False)
    assert added["Authorization"].endswith(
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")


def test_s3_presigned_url_documented_example():
    url = sigv4.presign_url("GET", "https://examplebucket.s3.amazonaws.com/test.txt", S3_KEY, S3_SECRET,
                            "us-east-1", "s3", S3_NOW, expires=86400, normalize_path=False)
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Signature"] == ["aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"]
    assert query["X-Amz-Credential"] == ["AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"]
    assert query["X-Amz-Expires"] == ["86400"]


def test_session_token_is_added_and_signed():
    added = sigv4.sign("GET", "/", dict(HOST), sigv4.EMPTY_SHA256, SUITE_KEY, SUITE_SECRET, "us-east-1",
                       "service", SUITE_NOW, session_token="TOKEN")
    assert added["X-Amz-Security-Token"] == "TOKEN"
    assert "SignedHeaders=host;x-amz-date;x-amz-security-token," in added["Authorization"]


def test_volatile_headers_are_not_signed():
    headers = dict(HOST, **{"User-Agent": "libcloud/x", "Accept-Encoding": "gzip", "Content-Length": "0"})
    added = sigv4.sign("GET", "/", headers, sigv4.EMPTY_SHA256, SUITE_KEY, SUITE_SECRET, "us-east-1",
                       "service", SUITE_NOW)
    assert added["Authorization"].endswith("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")


def test_aware_datetimes_are_converted_to_utc():
    plus_two = dt.timezone(dt.timedelta(hours=2))
    added = sigv4.sign("GET", "/", dict(HOST), sigv4.EMPTY_SHA256, SUITE_KEY, SUITE_SECRET, "us-east-1",
                       "service", dt.datetime(2015, 8, 30, 14, 36, 0, tzinfo=plus_two))
    assert added["X-Amz-Date"] == "20150830T123600Z"


@pytest.mark.parametrize("path,canonical", [("//example//", "/example/"), ("/./", "/"), ("/example/..", "/"),
                                            ("/example/./foo", "/example/foo")])
def test_paths_are_normalized_for_non_s3(path, canonical):
    request = sigv4.canonical_request("GET", path, [], {"host": "h"}, ["host"], sigv4.EMPTY_SHA256)
    assert request.split("\n")[1] == canonical


def test_host_is_required():
    with pytest.raises(ValueError):
        sigv4.sign("GET", "/", {}, sigv4.EMPTY_SHA256, "a", "b", "us-east-1", "ec2", SUITE_NOW)


@pytest.mark.parametrize("expires", [0, 604801])
def test_presign_expiry_bounds(expires):
    with pytest.raises(ValueError):
        sigv4.presign_url("GET", "https://h/x", "a", "b", "us-east-1", "s3", SUITE_NOW, expires=expires)
