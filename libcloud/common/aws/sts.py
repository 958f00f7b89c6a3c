"""AWS STS: the two calls the credential chain needs, ``AssumeRole`` and ``AssumeRoleWithWebIdentity``.

Both are Query API calls sent as a form ``POST`` (so a web identity token
never travels in a URL a proxy may log).  ``AssumeRole`` is signed with the
source credentials; ``AssumeRoleWithWebIdentity`` is not signed at all - the
token is the proof.  The endpoint is the global one unless ``AWS_ENDPOINT_URL_STS``
or ``AWS_ENDPOINT_URL`` name another (as the AWS SDKs allow), or the region's
when ``AWS_STS_REGIONAL_ENDPOINTS=regional``.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional
from urllib.parse import urlencode

from libcloud._core.flow import Flow
from libcloud._core.request import PreparedRequest
from libcloud.common.aws.connection import AWSBaseResponse, SignedAWSConnection
from libcloud.common.aws.credentials import Credentials, expiry_timestamp
from libcloud.common.aws.xml import find_local, text_local
from libcloud.common.types import MalformedResponseError

__all__ = ["STSConnection", "UnsignedSTSConnection", "sts_connection", "sts_url", "assume_role_flow",
           "assume_role_with_web_identity_flow", "caller_identity_flow", "DEFAULT_SESSION_NAME"]

STS_VERSION = "2011-06-15"
DEFAULT_SESSION_NAME = "libcloud-session"


class STSConnection(SignedAWSConnection):
    """Signed STS Query API calls (SigV4, service ``sts``)."""

    version = STS_VERSION
    service_name = "sts"
    responseCls = AWSBaseResponse
    host = "sts.amazonaws.com"
    #: The region SigV4 scopes the signature to (the global endpoint signs for us-east-1).
    region_name: Optional[str] = None


class UnsignedSTSConnection(STSConnection):
    """STS calls whose proof is in the body (``AssumeRoleWithWebIdentity``): sent unsigned."""

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        return request


def sts_url(environ: Mapping[str, str], region: Optional[str]) -> str:
    """Where STS calls go (see the module docstring)."""
    override = environ.get("AWS_ENDPOINT_URL_STS") or environ.get("AWS_ENDPOINT_URL")
    if override:
        return override.rstrip("/")
    if region and environ.get("AWS_STS_REGIONAL_ENDPOINTS", "").lower() == "regional":
        return "https://sts.%s.amazonaws.com" % region
    return "https://sts.amazonaws.com"


def sts_connection(environ: Mapping[str, str], region: Optional[str], source: Optional[Credentials],
                   timeout: Optional[float] = None) -> STSConnection:
    """A connection to STS, signed with ``source`` (unsigned when ``None``)."""
    url = sts_url(environ, region)
    if source is None:
        return UnsignedSTSConnection("anonymous", "anonymous", url=url, timeout=timeout)
    conn = STSConnection(source.access_key, source.secret_key, url=url, timeout=timeout,
                         token=source.session_token)
    conn.region_name = region or "us-east-1"
    return conn


def _call_flow(conn: STSConnection, action: str, params: Dict[str, Any]) -> Flow[Any]:
    form = dict(params, Action=action, Version=STS_VERSION)
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    response = yield from conn.request_flow("/", data=urlencode(form), headers=headers, method="POST",
                                            idempotent=True)
    return response.object


def _credentials(root: Any, source: str) -> Credentials:
    element = find_local(root, "%sResult/Credentials" % root.tag.replace("Response", ""))
    if element is None:
        element = next((el for el in root.iter() if el.tag.rpartition("}")[2] == "Credentials"), None)
    access_key = text_local(element, "AccessKeyId")
    secret = text_local(element, "SecretAccessKey")
    if element is None or not access_key or not secret:
        raise MalformedResponseError("STS answered without credentials", body="")
    return Credentials(access_key, secret, text_local(element, "SessionToken") or None, source,
                       expiry_timestamp(text_local(element, "Expiration")))


def assume_role_flow(conn: STSConnection, role_arn: str, session_name: Optional[str] = None,
                     external_id: Optional[str] = None, duration_seconds: Optional[int] = None,
                     source: str = "assume-role") -> Flow[Credentials]:
    """``AssumeRole`` with the connection's credentials: the role's temporary credentials."""
    params: Dict[str, Any] = {"RoleArn": role_arn, "RoleSessionName": session_name or DEFAULT_SESSION_NAME}
    if external_id:
        params["ExternalId"] = external_id
    if duration_seconds:
        params["DurationSeconds"] = int(duration_seconds)
    root = yield from _call_flow(conn, "AssumeRole", params)
    return _credentials(root, source)


def assume_role_with_web_identity_flow(conn: STSConnection, role_arn: str, web_identity_token: str,
                                       session_name: Optional[str] = None,
                                       source: str = "web-identity") -> Flow[Credentials]:
    """``AssumeRoleWithWebIdentity``: trade an OIDC token (EKS, GitHub...) for the role's credentials."""
    params = {"RoleArn": role_arn, "RoleSessionName": session_name or DEFAULT_SESSION_NAME,
              "WebIdentityToken": web_identity_token}
    root = yield from _call_flow(conn, "AssumeRoleWithWebIdentity", params)
    return _credentials(root, source)


def caller_identity_flow(conn: STSConnection) -> Flow[Dict[str, str]]:
    """``GetCallerIdentity``: whose credentials these are (``Account``, ``Arn``, ``UserId``); needs no permission."""
    root = yield from _call_flow(conn, "GetCallerIdentity", {})
    return {name: text_local(root, "GetCallerIdentityResult/" + name) or "" for name in ("Account", "Arn", "UserId")}
