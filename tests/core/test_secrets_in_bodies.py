"""Issue 19 item 2: secrets in response bodies stay out of the debug log and exception text.

EC2 ``create_key_pair`` runs against moto (a real private key comes back);
the error bodies that echo a session token or signature come from a
scripted server.
"""

from __future__ import annotations

import io

import pytest

import libcloud
from libcloud._core import debug
from tests.compute.ec2.helpers import moto_driver
from tests.core.helpers import driver_for
from tests.fakes.http_server import LocalServer

SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLE-session-token-0123456789"


@pytest.fixture
def log():
    stream = io.StringIO()
    libcloud.enable_debug(stream)
    try:
        yield stream
    finally:
        libcloud.reset_debug()  # every switch enable_debug turned on (LoggingConnection.log included)


def test_ec2_create_key_pair_private_key_is_not_logged(moto, log):
    driver = moto_driver(moto)
    pair = driver.create_key_pair("hardening-key")
    assert "PRIVATE KEY-----" in pair.private_key  # the caller gets it...
    text = log.getvalue()
    assert "CreateKeyPair" in text  # ...the log saw the exchange...
    assert "PRIVATE KEY" not in text  # ...but not the key
    body_line = pair.private_key.strip().splitlines()[1]
    assert body_line not in text


S3_SIGNATURE_ERROR = (
    "<?xml version='1.0' encoding='UTF-8'?><Error><Code>SignatureDoesNotMatch</Code>"
    "<Message>The request signature we calculated does not match the signature you provided.</Message>"
    "<AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId>"
    "<StringToSign>AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/s3/aws4_request\nabc123</StringToSign>"
    "<SignatureProvided>0123456789abcdef0123456789abcdef</SignatureProvided>"
    "<CanonicalRequest>GET\n/\nX-Amz-Security-Token=%s</CanonicalRequest></Error>" % SESSION_TOKEN
)


def test_an_error_body_echoing_signature_pieces_is_redacted_in_the_log(log):
    text = debug.format_response(403, "Forbidden", {}, S3_SIGNATURE_ERROR.encode())
    for secret in ("0123456789abcdef0123456789abcdef", SESSION_TOKEN, "abc123"):
        assert secret not in text
    assert "SignatureDoesNotMatch" in text


def test_an_error_body_echoing_the_session_token_is_redacted_in_exception_text(log):
    # The token is a registered secret of the connection: masked wherever it appears.
    with LocalServer() as server:
        server.route("/fail", lambda h: h.reply(
            400, ("Bad request: token %s is not valid for this bucket" % SESSION_TOKEN).encode(),
            {"Content-Type": "text/plain"}))
        driver = driver_for(server)
        debug.register_secrets(driver.connection, [SESSION_TOKEN])
        with pytest.raises(Exception) as info:
            driver.connection.request("/fail")
    assert SESSION_TOKEN not in str(info.value)
    assert SESSION_TOKEN not in repr(info.value)
    assert "not valid for this bucket" in str(info.value)
    assert SESSION_TOKEN not in log.getvalue()


def test_an_aws_connection_registers_its_session_token():
    from libcloud.storage.drivers.s3 import S3StorageDriver

    driver = S3StorageDriver("AKIDEXAMPLE", "secret-key-example", token=SESSION_TOKEN)
    assert debug.redact_text("echo: " + SESSION_TOKEN) == "echo: " + debug.REDACTED
    assert debug.redact_text("echo: secret-key-example") == "echo: " + debug.REDACTED
    del driver


def test_an_error_body_with_a_private_key_is_redacted_in_exception_text():
    from libcloud.common.exceptions import exception_from_message

    body = "could not import -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- (bad)"
    error = exception_from_message(400, body)
    assert "MIIEowIBAAKCAQEA" not in str(error)
    assert "(bad)" in str(error)
