"""Credentials from the machine: the EC2 instance metadata service (IMDSv2) and the container endpoint.

Both answer the same JSON document (``AccessKeyId``, ``SecretAccessKey``,
``Token``, ``Expiration``).  Off EC2 the metadata address does not answer at
all, so its calls get a short timeout and no retries: a script on a laptop must
learn "no credentials" in about a second, not after a retry storm.
"""

from __future__ import annotations

import ipaddress
import json
import os
from typing import Any, Dict, Mapping, Optional
from urllib.parse import urlparse

from libcloud._core import debug
from libcloud._core.flow import Flow
from libcloud._core.retry import RetryPolicy
from libcloud.common.aws.credentials import Credentials, expiry_timestamp
from libcloud.common.base import Connection
from libcloud.common.types import MalformedResponseError

__all__ = ["MetadataConnection", "imds_url", "imds_credentials_flow", "container_url",
           "container_authorization", "container_credentials_flow", "credentials_from_document"]

IMDS_DEFAULT_URL = "http://169.254.169.254"
CONTAINER_HOST = "http://169.254.170.2"
IMDS_TOKEN_TTL_SECONDS = 21600
#: One try each: the metadata address either answers at once or the code is not on AWS.
METADATA_TIMEOUT = 1.0
_NO_RETRY = RetryPolicy(max_attempts=1)
#: The addresses a full container URI may name over plain http (ECS, EKS Pod Identity, loopback).
_CONTAINER_HOSTS = (ipaddress.ip_address("169.254.170.2"), ipaddress.ip_address("169.254.170.23"),
                    ipaddress.ip_address("fd00:ec2::23"))


class MetadataConnection(Connection):
    """Plain HTTP to a link-local credential endpoint: short timeout, no retries."""

    retry_policy = _NO_RETRY
    timeout = METADATA_TIMEOUT


def imds_url(environ: Mapping[str, str]) -> str:
    """The metadata service's base URL (``AWS_EC2_METADATA_SERVICE_ENDPOINT`` moves it)."""
    return (environ.get("AWS_EC2_METADATA_SERVICE_ENDPOINT") or IMDS_DEFAULT_URL).rstrip("/")


def credentials_from_document(text: str, source: str) -> Credentials:
    """Credentials from the metadata JSON document (``MalformedResponseError`` when it is not one)."""
    try:
        document: Dict[str, Any] = json.loads(text)
        access_key, secret = str(document["AccessKeyId"]), str(document["SecretAccessKey"])
    except (ValueError, KeyError, TypeError):
        raise MalformedResponseError("%s answered without credentials" % source, body="") from None
    token = document.get("Token") or document.get("SessionToken")
    return Credentials(access_key, secret, str(token) if token else None, source,
                       expiry_timestamp(document.get("Expiration")))


def imds_credentials_flow(environ: Mapping[str, str]) -> Flow[Credentials]:
    """IMDSv2: a session token (``PUT``), the instance role's name, then its credentials."""
    conn = MetadataConnection(url=imds_url(environ))
    token_response = yield from conn.request_flow(
        "/latest/api/token", method="PUT", idempotent=True,
        headers={"X-aws-ec2-metadata-token-ttl-seconds": str(IMDS_TOKEN_TTL_SECONDS)})
    session = str(token_response.body).strip()
    debug.register_secrets(conn, [session])
    headers = {"X-aws-ec2-metadata-token": session}
    path = "/latest/meta-data/iam/security-credentials/"
    roles = yield from conn.request_flow(path, headers=headers)
    role = str(roles.body).strip().splitlines()[0] if str(roles.body).strip() else ""
    if not role:
        raise MalformedResponseError("the instance has no IAM role attached", body="")
    document = yield from conn.request_flow(path + role, headers=headers)
    return credentials_from_document(str(document.body), "instance-metadata")


def container_url(environ: Mapping[str, str]) -> Optional[str]:
    """The container credential endpoint (ECS, EKS Pod Identity), or ``None`` when not in one."""
    relative = environ.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    if relative:
        return CONTAINER_HOST + relative
    full = environ.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
    if not full:
        return None
    parsed = urlparse(full)
    if parsed.scheme != "https" and not _allowed_plain_host(parsed.hostname or ""):
        # Plain http to anywhere else would hand the authorization token to whoever answers.
        raise ValueError("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, loopback or the ECS/EKS "
                         "credential address; got host %r" % (parsed.hostname,))
    return full


def _allowed_plain_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback or address in _CONTAINER_HOSTS


def container_authorization(environ: Mapping[str, str]) -> Optional[str]:
    """The ``Authorization`` value for the container endpoint (token, or the file that holds it)."""
    path = environ.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    if path:
        with open(os.path.expanduser(path), encoding="utf-8") as handle:
            return handle.read().strip()
    return environ.get("AWS_CONTAINER_AUTHORIZATION_TOKEN") or None


def container_credentials_flow(environ: Mapping[str, str]) -> Flow[Credentials]:
    """The container endpoint's credentials (the token file is read again each time: it rotates)."""
    url = container_url(environ)
    if url is None:
        raise ValueError("not in a container with a credential endpoint")
    parsed = urlparse(url)
    conn = MetadataConnection(url="%s://%s" % (parsed.scheme, parsed.netloc))
    conn.timeout = 2.0  # a real HTTP service, a little slower to answer than IMDS
    authorization = container_authorization(environ)
    headers = {"Authorization": authorization} if authorization else {}
    if authorization:
        debug.register_secrets(conn, [authorization])
    path = parsed.path + ("?" + parsed.query if parsed.query else "")
    response = yield from conn.request_flow(path or "/", headers=headers)
    return credentials_from_document(str(response.body), "container")
