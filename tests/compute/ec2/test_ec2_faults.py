"""Faults the emulator cannot produce: throttling, bad credentials, broken XML, a failing second step."""

from urllib.parse import parse_qs, urlsplit

import pytest

from libcloud._core.retry import RetryPolicy
from libcloud.common.exceptions import RateLimitReachedError
from libcloud.common.types import InvalidCredsError, MalformedResponseError, PartialFailureError
from libcloud.compute.base import KeyPair, NodeAuthSSHKey, NodeImage, NodeSize
from libcloud.compute.drivers.ec2 import EC2NodeDriver

URL = "http://127.0.0.1:8999/"
NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"'
EMPTY_INSTANCES = "<DescribeInstancesResponse %s><reservationSet/></DescribeInstancesResponse>" % NS
ONE_INSTANCE = (
    "<RunInstancesResponse %s><reservationId>r-1</reservationId><instancesSet><item>"
    "<instanceId>i-1</instanceId><instanceState><code>0</code><name>pending</name></instanceState>"
    "<instanceType>t3.micro</instanceType></item></instancesSet></RunInstancesResponse>" % NS
)


def error(code, message="nope"):
    return ("<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors>"
            "<RequestID>req-1</RequestID></Response>" % (code, message))


@pytest.fixture
def driver():
    ec2 = EC2NodeDriver("AKID", "SECRET", host="127.0.0.1", port=8999, secure=False)
    ec2.connection.retry_policy = RetryPolicy(base_delay=0.0, max_delay=0.0)
    return ec2


def params(request):
    """The API parameters of a request: the query of a GET, the form of a POST."""
    return parse_qs(urlsplit(request.url).query if request.method == "GET" else request.text)


def actions(mock):
    return [params(r)["Action"][0] for r in mock.request_history]


def by_action(table):
    """A requests_mock callback answering from ``{Action: [(status, body), ...]}`` in order."""
    def respond(request, context):
        action = params(request)["Action"][0]
        status, body = table[action].pop(0)
        context.status_code = status
        return body
    return respond


def test_throttled_describe_is_retried_then_succeeds(driver, requests_mock):
    requests_mock.get(URL, [
        {"status_code": 503, "text": error("RequestLimitExceeded", "Request limit exceeded.")},
        {"status_code": 400, "text": error("Throttling", "Rate exceeded")},
        {"status_code": 200, "text": EMPTY_INSTANCES},
    ])
    assert driver.list_nodes() == []
    assert actions(requests_mock) == ["DescribeInstances"] * 3


def test_throttling_gives_up_after_the_attempt_budget(driver, requests_mock):
    requests_mock.get(URL, status_code=503, text=error("RequestLimitExceeded"))
    with pytest.raises(RateLimitReachedError) as info:
        driver.list_nodes()
    assert "RequestLimitExceeded" in info.value.message
    assert len(requests_mock.request_history) == RetryPolicy().max_attempts


def test_mutations_without_client_token_are_not_retried(driver, requests_mock):
    requests_mock.get(URL, status_code=503, text=error("RequestLimitExceeded"))
    with pytest.raises(RateLimitReachedError):
        driver.create_key_pair("k")
    assert actions(requests_mock) == ["CreateKeyPair"]


def test_run_instances_retry_reuses_the_client_token(driver, requests_mock):
    requests_mock.get(URL, [
        {"status_code": 503, "text": error("RequestLimitExceeded")},
        {"status_code": 200, "text": ONE_INSTANCE},
    ])
    node = driver.create_node("n", NodeSize("t3.micro", "t3.micro", 1024, 0, None, None, driver),
                              NodeImage("ami-1", "img", driver), ex_clienttoken="tok-1")
    assert node.id == "i-1"
    tokens = [params(r)["ClientToken"] for r in requests_mock.request_history]
    assert tokens == [["tok-1"], ["tok-1"]]


def test_generated_client_token_is_stable_across_retries(driver, requests_mock):
    requests_mock.get(URL, [
        {"status_code": 500, "text": error("InternalError")},
        {"status_code": 200, "text": ONE_INSTANCE},
    ])
    driver.create_node("n", NodeSize("t3.micro", "t3.micro", 1024, 0, None, None, driver),
                       NodeImage("ami-1", "img", driver))
    first, second = [params(r)["ClientToken"][0] for r in requests_mock.request_history]
    assert first == second and len(first) >= 16


def test_auth_failure_is_invalid_creds(driver, requests_mock):
    requests_mock.get(URL, status_code=401, text=error("AuthFailure", "AWS was not able to validate"))
    with pytest.raises(InvalidCredsError, match="AuthFailure"):
        driver.list_nodes()
    assert len(requests_mock.request_history) == 1


def test_malformed_xml_is_malformed_response(driver, requests_mock):
    requests_mock.get(URL, status_code=200, text="<DescribeInstancesResponse><reservationSet>")
    with pytest.raises(MalformedResponseError):
        driver.list_nodes()


def test_create_node_reports_the_imported_key_when_run_fails(driver, requests_mock):
    imported = "<ImportKeyPairResponse %s><keyName>%%s</keyName><keyFingerprint>aa:bb</keyFingerprint>" \
               "</ImportKeyPairResponse>" % NS
    table = {
        "DescribeKeyPairs": [(200, "<DescribeKeyPairsResponse %s><keySet/></DescribeKeyPairsResponse>" % NS)],
        "ImportKeyPair": [(200, None)],
        "RunInstances": [(400, error("InvalidAMIID.NotFound", "The image id '[ami-1]' does not exist"))],
    }

    def respond(request, context):
        form = params(request)
        action = form["Action"][0]
        status, body = table[action].pop(0)
        context.status_code = status
        return body if body is not None else imported % form["KeyName"][0]

    requests_mock.get(URL, text=respond)
    with pytest.raises(PartialFailureError) as info:
        driver.create_node("n", NodeSize("t3.micro", "t3.micro", 1024, 0, None, None, driver),
                           NodeImage("ami-1", "img", driver), auth=NodeAuthSSHKey("ssh-ed25519 AAAAC3Nza test"))
    [key] = info.value.created
    assert isinstance(key, KeyPair) and key.name.startswith("libcloud-")
    assert key.name in str(info.value) and "InvalidAMIID.NotFound" in str(info.value)
    assert actions(requests_mock) == ["DescribeKeyPairs", "ImportKeyPair", "RunInstances"]


def test_multiple_nodes_report_the_ones_made(driver, requests_mock):
    requests_mock.get(URL, text=by_action({"RunInstances": [
        (200, ONE_INSTANCE), (400, error("InsufficientInstanceCapacity", "none left"))]}))
    with pytest.raises(PartialFailureError) as info:
        driver.ex_create_multiple_nodes(["a", "b"], NodeSize("t3.micro", "t3.micro", 1, 0, None, None, driver),
                                        NodeImage("ami-1", "img", driver))
    assert [node.id for node in info.value.created] == ["i-1"]


@pytest.mark.parametrize("filters", ["tag:x=y", {"": "x"}, {"tag:x": None}, {"tag:x": {"nested": 1}},
                                     {"tag:x": []}])
def test_malformed_filters_fail_before_any_request(driver, requests_mock, filters):
    with pytest.raises(ValueError):
        driver.list_nodes(ex_filters=filters)
    assert requests_mock.request_history == []


def test_bad_create_input_fails_before_any_request(driver, requests_mock):
    size, image = NodeSize("t3.micro", "t3.micro", 1, 0, None, None, driver), NodeImage("ami-1", "i", driver)
    with pytest.raises(ValueError):
        driver.create_node("n", size, image, ex_mincount=3, ex_maxcount=2)
    with pytest.raises(ValueError):
        driver.create_node("n", size, image, ex_blockdevicemappings=[{"Ebs": {"VolumeSize": 5}}])
    with pytest.raises(ValueError):
        driver.create_volume(5, "v", ex_volume_type="floppy")
    assert requests_mock.request_history == []


def test_unknown_region_is_rejected():
    with pytest.raises(ValueError, match="Invalid region: mars-1"):
        EC2NodeDriver("a", "b", region="mars-1")


def test_credentials_from_environment(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ENVKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "ENVTOKEN")
    ec2 = EC2NodeDriver(region="eu-central-1")
    assert ec2.key == "ENVKEY" and ec2.connection.token == "ENVTOKEN"
    assert ec2.connection.host == "ec2.eu-central-1.amazonaws.com"


def test_missing_credentials(monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    with pytest.raises(InvalidCredsError, match="AWS_ACCESS_KEY_ID"):
        EC2NodeDriver()


def test_sigv4_only_regions_sign_with_sigv4_in_the_headers(requests_mock):
    ec2 = EC2NodeDriver("AKID", "SECRET", host="127.0.0.1", port=8999, secure=False, region="eu-central-1")
    assert ec2.signature_version == "4"
    requests_mock.get(URL, text=EMPTY_INSTANCES)
    ec2.list_nodes()
    request = requests_mock.request_history[0]
    assert request.method == "GET"
    assert "/eu-central-1/ec2/aws4_request" in request.headers["Authorization"]
    assert params(request)["Version"] == ["2016-11-15"]
    assert "Signature" not in params(request)


def test_custom_endpoints_default_to_sigv4():
    assert EC2NodeDriver("AKID", "SECRET", host="127.0.0.1", port=8999, region="us-east-1").signature_version == "4"
    assert EC2NodeDriver("AKID", "SECRET", region="us-east-1").signature_version == "2"


def test_older_regions_sign_with_sigv2_in_the_query(requests_mock):
    ec2 = EC2NodeDriver("AKID", "SECRET", host="127.0.0.1", port=8999, secure=False, region="ap-southeast-2",
                        signature_version="2")
    assert ec2.signature_version == "2"
    requests_mock.get(URL, text=EMPTY_INSTANCES)
    ec2.list_nodes()
    request = requests_mock.request_history[0]
    sent = params(request)
    assert "Authorization" not in request.headers
    assert sent["SignatureVersion"] == ["2"] and sent["AWSAccessKeyId"] == ["AKID"] and sent["Signature"]


def test_session_tokens_force_sigv4():
    ec2 = EC2NodeDriver("AKID", "SECRET", region="us-east-1", token="TOK")
    assert ec2.signature_version == "4"
    assert ec2._ex_connection_class_kwargs()["signature_version"] == "4"


def test_queries_too_long_for_a_url_go_as_sigv4_signed_form_posts(requests_mock):
    # Even where the driver signs with SigV2 (which covers the query only), the form is signed with SigV4.
    driver = EC2NodeDriver("AKID", "SECRET", host="127.0.0.1", port=8999, secure=False, signature_version="2")
    requests_mock.post(URL, text=ONE_INSTANCE)
    user_data = "x" * 12000
    driver.create_node("n", NodeSize("t3.micro", "t3.micro", 1024, 0, None, None, driver),
                       NodeImage("ami-1", "img", driver), ex_userdata=user_data)
    request = requests_mock.request_history[0]
    assert request.method == "POST" and urlsplit(request.url).query == ""
    assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert params(request)["Action"] == ["RunInstances"]
    assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256 ")


def test_list_nodes_without_describe_addresses_permission(driver, requests_mock):
    one = ("<DescribeInstancesResponse %s><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId>"
           "<instanceState><name>running</name></instanceState><ipAddress>1.2.3.4</ipAddress></item>"
           "</instancesSet></item></reservationSet></DescribeInstancesResponse>" % NS)
    requests_mock.get(URL, text=by_action({
        "DescribeInstances": [(200, one), (200, one)],
        "DescribeAddresses": [(403, error("UnauthorizedOperation", "not allowed")),
                              (400, error("InvalidParameterValue", "bad"))],
    }))
    [node] = driver.list_nodes()
    assert node.public_ips == ["1.2.3.4"]
    with pytest.raises(Exception, match="InvalidParameterValue"):
        driver.list_nodes()


def test_launch_zone_comes_from_zone_locations_only(driver, requests_mock):
    from libcloud.compute.base import NodeLocation

    requests_mock.get(URL, text=ONE_INSTANCE)
    size, image = NodeSize("t3.micro", "t3.micro", 1, 0, None, None, driver), NodeImage("ami-1", "i", driver)
    driver.create_node("a", size, image, location=NodeLocation(0, "Amazon US N. Virginia", "US", driver))
    driver.create_node("b", size, image, location=NodeLocation(1, "us-east-1c", "US", driver))
    first, second = [params(r) for r in requests_mock.request_history]
    assert "Placement.AvailabilityZone" not in first
    assert second["Placement.AvailabilityZone"] == ["us-east-1c"]
