"""The EC2 Query API connection and response (SigV4, form-encoded POST bodies)."""

from __future__ import annotations

import re
from typing import Any, Dict
from urllib.parse import quote, urlencode

from libcloud.common.aws import AWSBaseResponse, SignedAWSConnection
from libcloud.common.types import LibcloudError
from libcloud.compute.types import KeyPairDoesNotExistError

__all__ = ["API_VERSION", "NAMESPACE", "EC2Response", "EC2Connection", "IdempotentParamError",
           "FORM_CONTENT_TYPE"]

API_VERSION = "2016-11-15"
NAMESPACE = "http://ec2.amazonaws.com/doc/%s/" % API_VERSION
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


class IdempotentParamError(LibcloudError):
    """A ClientToken was reused with different parameters (AWS IdempotentParameterMismatch)."""

    def __str__(self) -> str:
        return repr(self.value)


# AWS: "The key pair 'name' does not exist"; moto: "The keypair '{'name'}' does not exist."
_KEY_NAME = re.compile(r"'(?:\{')?([^'{}]+)")


def _key_pair_missing(status: int, code: str, message: str, driver: Any, headers: Any) -> Exception:
    match = _KEY_NAME.search(message or "")
    return KeyPairDoesNotExistError(match.group(1) if match else (message or ""), driver)


def _idempotent_mismatch(status: int, code: str, message: str, driver: Any, headers: Any) -> Exception:
    return IdempotentParamError("%s: %s" % (code, message), driver=driver)


class EC2Response(AWSBaseResponse):
    """An EC2 answer; errors come as <Response><Errors><Error>."""

    error_factories = {
        "InvalidKeyPair.NotFound": _key_pair_missing,
        "IdempotentParameterMismatch": _idempotent_mismatch,
    }


class EC2Connection(SignedAWSConnection):
    """Signs with SigV4 for service "ec2"; POST bodies are encoded as AWS expects (%20, not +)."""

    version = API_VERSION
    host = "ec2.us-east-1.amazonaws.com"
    responseCls = EC2Response
    service_name = "ec2"

    def encode_data(self, data: Any) -> Any:
        if isinstance(data, dict):
            return urlencode(data, quote_via=quote)
        if isinstance(data, list):
            return urlencode(data, quote_via=quote)
        return data


def form_headers() -> Dict[str, str]:
    """Headers of an EC2 Query API request sent as a form body."""
    return {"Content-Type": FORM_CONTENT_TYPE}
