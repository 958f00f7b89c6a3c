"""EC2 requests as sent (GET query strings), their SigV2 and SigV4 signatures checked with botocore."""

import datetime as dt
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from libcloud.compute.drivers.ec2 import EC2Connection, EC2NodeDriver

botocore_auth = pytest.importorskip("botocore.auth")
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
# Values that need encoding: a space must travel as %20 (as signed), never as "+".
AWKWARD = {"Filter.1.Name": "tag:Name", "Filter.1.Value.1": "a b+c/d~e*f"}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(EC2Connection, "now", staticmethod(lambda: NOW))


def _sent(driver, requests_mock):
    requests_mock.get(re.compile(".*"), text="<DescribeInstancesResponse><reservationSet/></DescribeInstancesResponse>")
    driver.list_nodes(ex_filters={"tag:Name": "a b+c/d~e*f"})
    return requests_mock.request_history[0]


def test_sigv4_get_matches_botocore(requests_mock):
    driver = EC2NodeDriver(KEY, SECRET, region="eu-central-1")
    request = _sent(driver, requests_mock)
    query = urlsplit(request.url).query
    assert "+" not in query and "a%20b%2Bc%2Fd~e%2Af" in query
    params = dict(parse_qsl(query))
    assert {k: params[k] for k in AWKWARD} == AWKWARD
    auth = request.headers["Authorization"]
    signed = re.search(r"SignedHeaders=([^,]+)", auth).group(1).split(";")
    ours = re.search(r"Signature=([0-9a-f]+)", auth).group(1)
    headers = {k: v for k, v in request.headers.items() if k.lower() in signed}
    aws = AWSRequest(method="GET", url=request.url, headers=headers)
    aws.context["timestamp"] = NOW.strftime("%Y%m%dT%H%M%SZ")
    signer = botocore_auth.SigV4Auth(Credentials(KEY, SECRET), "ec2", "eu-central-1")
    canonical = signer.canonical_request(aws)
    assert signer.signature(signer.string_to_sign(aws, canonical), aws) == ours


def test_sigv2_query_matches_botocore(requests_mock):
    driver = EC2NodeDriver(KEY, SECRET, region="us-east-1")
    request = _sent(driver, requests_mock)
    params = dict(parse_qsl(urlsplit(request.url).query))
    assert params["Timestamp"] == "2024-05-06T07:08:09Z" and params["AWSAccessKeyId"] == KEY
    url = "https://ec2.us-east-1.amazonaws.com/"
    _, expected = botocore_auth.SigV2Auth(Credentials(KEY, SECRET)).calc_signature(
        AWSRequest(method="GET", url=url), params)
    assert params["Signature"] == expected


def test_nested_parameters_fail_before_sending():
    driver = EC2NodeDriver(KEY, SECRET, region="us-east-1")
    with pytest.raises(ValueError, match='attribute "Bad"'):
        driver.connection.request("/", params={"Action": "DescribeInstances", "Bad": {"x": 1}})


def test_boolean_parameters_are_spelled_as_aws_expects(requests_mock):
    driver = EC2NodeDriver(KEY, SECRET, region="eu-central-1")
    requests_mock.get(re.compile(".*"), text="<DescribeRegionsResponse/>")
    driver.connection.request("/", params={"Action": "DescribeRegions", "AllRegions": True, "DryRun": False})
    params = dict(parse_qsl(urlsplit(requests_mock.request_history[0].url).query))
    assert params["AllRegions"] == "true" and params["DryRun"] == "false"
