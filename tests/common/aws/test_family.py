"""Credentials, regions, the error table, namespace-blind XML and the signed connection."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

import pytest
import requests_mock as rm

from libcloud.common.aws import (
    AWSAPIError,
    AWSBaseResponse,
    SignedAWSConnection,
    V4SignedAWSConnection,
    exception_for,
    get_region,
    region_names,
    resolve_credentials,
    service_host,
    validate_region,
)
from libcloud.common.aws.xml import find_local, findall_local, strip_namespaces, text_local
from libcloud.common.base import BaseDriver
from libcloud.common.exceptions import RateLimitReachedError
from libcloud.common.types import InvalidCredsError, ServiceUnavailableError


def test_explicit_credentials_win_over_environment():
    env = {"AWS_ACCESS_KEY_ID": "envkey", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtok"}
    creds = resolve_credentials("k", "s", environ=env)
    assert (creds.access_key, creds.secret_key, creds.session_token, creds.source) == ("k", "s", None, "explicit")


def test_environment_credentials_with_token():
    env = {"AWS_ACCESS_KEY_ID": "envkey", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtok"}
    creds = resolve_credentials(environ=env)
    assert (creds.access_key, creds.secret_key, creds.session_token, creds.source) == (
        "envkey", "envsecret", "envtok", "environment")


def test_missing_credentials_name_the_environment_variables():
    with pytest.raises(InvalidCredsError) as info:
        resolve_credentials(environ={})
    assert "AWS_ACCESS_KEY_ID" in str(info.value) and "AWS_SECRET_ACCESS_KEY" in str(info.value)


def test_half_a_key_pair_is_an_error():
    with pytest.raises(InvalidCredsError):
        resolve_credentials("only-key", None, environ={"AWS_SECRET_ACCESS_KEY": "x", "AWS_ACCESS_KEY_ID": "y"})


def test_secret_is_not_in_repr():
    assert "topsecret" not in repr(resolve_credentials("k", "topsecret", environ={}))


def test_region_table():
    names = region_names()
    for region in ("us-east-1", "eu-west-2", "ap-southeast-4", "il-central-1", "cn-north-1", "us-gov-west-1"):
        assert region in names
    assert get_region("cn-northwest-1").dns_suffix == "amazonaws.com.cn"
    assert service_host("ec2", "cn-north-1") == "ec2.cn-north-1.amazonaws.com.cn"
    assert service_host("ec2", "eu-west-3") == "ec2.eu-west-3.amazonaws.com"
    assert get_region("us-east-2").ec2_api_name == "ec2_us_east_ohio"


@pytest.mark.parametrize("bad", ["us-east-9", "", None, "US-EAST-1"])
def test_unknown_region_is_a_value_error(bad):
    with pytest.raises(ValueError, match="Invalid region"):
        validate_region(bad)


@pytest.mark.parametrize("code", ["AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch"])
def test_auth_codes(code):
    assert isinstance(exception_for(401, code, "no"), InvalidCredsError)


@pytest.mark.parametrize("code", ["RequestLimitExceeded", "Throttling", "SlowDown"])
def test_throttling_codes(code):
    error = exception_for(503, code, "slow down")
    assert isinstance(error, RateLimitReachedError)
    assert code in error.message


def test_unavailable_and_generic_codes():
    assert isinstance(exception_for(503, "ServiceUnavailable", "x"), ServiceUnavailableError)
    error = exception_for(400, "InvalidAMIID.NotFound", "no such image", request_id="r-1")
    assert isinstance(error, AWSAPIError)
    assert (error.code, error.error_code, error.request_id) == (400, "InvalidAMIID.NotFound", "r-1")
    assert str(error) == "InvalidAMIID.NotFound: no such image"
    assert isinstance(exception_for(403, None, ""), InvalidCredsError)


def test_extra_codes_win():
    class Custom(Exception):
        pass

    error = exception_for(400, "AuthFailure", "m", extra={"AuthFailure": lambda *a: Custom()})
    assert isinstance(error, Custom)


def test_local_name_helpers_ignore_namespaces():
    root = ET.XML('<a xmlns="urn:x"><b><c>1</c><c>2</c></b></a>')
    assert [c.text for c in findall_local(root, "b/c")] == ["1", "2"]
    assert text_local(root, "b/c") == "1"
    assert find_local(root, "b/missing") is None
    strip_namespaces(root)
    assert root.tag == "a" and root.findtext("b/c") == "1"


class _Conn(SignedAWSConnection):
    version = "2016-11-15"
    service_name = "ec2"
    responseCls = AWSBaseResponse

    @staticmethod
    def now():
        return dt.datetime(2020, 1, 2, 3, 4, 5)


class _Driver(BaseDriver):
    connectionCls = _Conn
    region_name = "eu-west-1"

    def _ex_connection_class_kwargs(self):
        return {"token": "TOK"}


def test_connection_signs_get_requests_with_version_and_token():
    driver = _Driver("AKID", "SECRET", secure=False, host="127.0.0.1", port=8999)
    with rm.Mocker() as mock:
        mock.get("http://127.0.0.1:8999/", text="<R><ok>1</ok></R>")
        response = driver.connection.request("/", params={"Action": "DescribeRegions"})
        request = mock.request_history[0]
    assert response.object.findtext("ok") == "1"
    assert parse_qs(request.query)["version"] == ["2016-11-15"]
    auth = request.headers["Authorization"]
    assert auth.startswith("AWS4-HMAC-SHA256 Credential=AKID/20200102/eu-west-1/ec2/aws4_request, ")
    assert request.headers["X-Amz-Date"] == "20200102T030405Z"
    assert request.headers["X-Amz-Security-Token"] == "TOK"


def test_signature_version_validation():
    with pytest.raises(ValueError):
        _Conn("a", "b", signature_version="3")
    assert _Conn("a", "b", signature_version="2").signature_version == "2"
    assert issubclass(V4SignedAWSConnection, SignedAWSConnection)


def test_error_documents_become_exceptions():
    driver = _Driver("AKID", "SECRET", secure=False, host="127.0.0.1", port=8999)
    body = "<Response><Errors><Error><Code>AuthFailure</Code><Message>bad</Message></Error></Errors></Response>"
    with rm.Mocker() as mock:
        mock.get("http://127.0.0.1:8999/", text=body, status_code=401)
        with pytest.raises(InvalidCredsError, match="AuthFailure"):
            driver.connection.request("/", params={"Action": "DescribeRegions"})
