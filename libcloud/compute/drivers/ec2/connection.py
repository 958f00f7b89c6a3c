"""The EC2 Query API connection and response.

Calls are GET requests with the parameters in the query string, as Apache
Libcloud sends them; a call whose query would be too long for a URL (large
user data) goes as a form-encoded POST instead, signed with SigV4.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, Mapping, Optional, Tuple
from urllib.parse import quote, urlencode

from libcloud.common.aws import AWSBaseResponse, SignedAWSConnection
from libcloud.common.aws.signers import AWSRequestSigner, AWSRequestSignerAlgorithmV4
from libcloud.common.types import LibcloudError
from libcloud.compute.drivers.ec2.parse import strip_text
from libcloud.utils.xml_stream import collector_paused
from libcloud.compute.types import KeyPairDoesNotExistError

__all__ = ["API_VERSION", "NAMESPACE", "EC2Response", "EC2Connection", "IdempotentParamError",
           "FORM_CONTENT_TYPE", "MAX_QUERY_LENGTH", "request_shape"]

API_VERSION = "2016-11-15"
NAMESPACE = "http://ec2.amazonaws.com/doc/%s/" % API_VERSION
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
#: Longest query string sent in a GET; HTTP servers and proxies commonly refuse request lines past 8 KiB.
MAX_QUERY_LENGTH = 7000


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


#: Line breaks and tabs anywhere after the declaration: an indented answer, whose values may be padded too.
#: Single characters, so each scan is a memchr; a false positive only costs a walk that changes nothing.
_LINE_SPACE = ("\n", "\t", "\r")
#: Spaces next to a tag, in an answer without line breaks (these scans stop at every tag, so they come last).
_SPACE_PADDING = ("> ", " <")


def _padded(text: str) -> bool:
    """Whether ``text`` may have whitespace next to a tag after its XML declaration (plain substring scans)."""
    start = text.find("?>") + 2 if text.startswith("<?") else 0
    start = text.find("<", start)
    return any(text.find(space, start) != -1 for space in _LINE_SPACE) or \
        any(text.find(padding, start) != -1 for padding in _SPACE_PADDING)


class EC2Response(AWSBaseResponse):
    """An EC2 answer; errors come as <Response><Errors><Error>."""

    error_factories = {
        "InvalidKeyPair.NotFound": _key_pair_missing,
        "IdempotentParameterMismatch": _idempotent_mismatch,
    }

    def parse_body(self) -> Any:
        with collector_paused():  # a DescribeInstances page is a tree of ~100 elements per instance
            root = super().parse_body()
        # Indented answers (EC2-compatible clouds, upstream's fixtures) may carry whitespace around
        # values; a compact answer has none next to a tag, and a few substring scans of its text are
        # cheaper than a walk over every element of a 10,000-instance page.
        if hasattr(root, "iter") and _padded(self.body):
            return strip_text(root)
        return root


class EC2Connection(SignedAWSConnection):
    """The EC2 Query API: SigV2 or SigV4 for service "ec2"; queries and bodies use %20, not +."""

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

    def _signer_for(self, method: str) -> AWSRequestSigner:
        if method == "GET" or isinstance(self.signer, AWSRequestSignerAlgorithmV4):
            return self.signer
        # SigV2 covers the query string only: a form body is signed with SigV4 (valid in every region).
        return AWSRequestSignerAlgorithmV4(access_key=self.user_id, access_secret=self.key, version=self.version,
                                           connection=self)

    def prepare_request(self, action: str, params: Any = None, data: Any = None,
                        headers: Optional[Mapping[str, Any]] = None, method: str = "GET", raw: bool = False,
                        stream: Optional[bool] = False, json: Any = None) -> Any:
        request = super().prepare_request(action, params, data, headers, method, raw, stream, json)
        if not request.params:
            return request
        # The URL carries the query encoded exactly as it was signed (RFC 3986: %20, not +).
        query = urlencode(list(request.params.items()), quote_via=quote)
        separator = "&" if "?" in request.action else "?"
        return replace(request, url=request.action + separator + query)


def request_shape(params: Mapping[str, Any]) -> Tuple[str, Optional[Dict[str, Any]], Optional[Dict[str, Any]]]:
    """``(method, query params, form body)`` of one API call: GET unless the query is too long."""
    if len(urlencode(list(params.items()), quote_via=quote)) <= MAX_QUERY_LENGTH:
        return "GET", dict(params), None
    return "POST", None, dict(params)


def form_headers() -> Dict[str, str]:
    """Headers of an EC2 Query API request sent as a form body."""
    return {"Content-Type": FORM_CONTENT_TYPE}
