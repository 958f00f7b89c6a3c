"""Azure AD credentials the way Azure hands them out, for drivers given no key or secret.

The order is ``DefaultAzureCredential``'s (Azure's own SDKs), so code moved
from them finds the same identity:

1. **the environment**: ``AZURE_TENANT_ID`` + ``AZURE_CLIENT_ID`` with
   ``AZURE_CLIENT_SECRET`` (client secret) or ``AZURE_CLIENT_CERTIFICATE_PATH``
   (a PEM file holding the certificate and its private key; a signed JWT
   assertion, needs ``cryptography``);
2. **workload identity** (AKS): ``AZURE_FEDERATED_TOKEN_FILE`` with
   ``AZURE_CLIENT_ID`` and ``AZURE_TENANT_ID``; the file's token is the client
   assertion, read again at each refresh because the platform rotates it;
3. **managed identity**: App Service / Functions (``IDENTITY_ENDPOINT`` +
   ``IDENTITY_HEADER``), else the instance metadata endpoint
   (``169.254.169.254``, moved by ``AZURE_POD_IDENTITY_AUTHORITY_HOST``), with
   ``AZURE_CLIENT_ID`` choosing a user-assigned identity. One quick try: off
   Azure the endpoint does not answer.

Each source is a :class:`~libcloud.common.tokens.TokenSource` for one
resource (``https://storage.azure.com/``, Resource Manager...), so the token
is refreshed before expiry and after a 401, single-flight across threads
and asyncio tasks. Secrets go only to the login host; tokens never do.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
import uuid
from typing import Any, List, Mapping, Optional, Tuple
from urllib.parse import urlencode, urlsplit

from libcloud._core import debug
from libcloud._core.flow import Flow
from libcloud._core.retry import RetryPolicy
from libcloud.common.azure import _LoginConnection, _token_expiry, client_credentials_flow
from libcloud.common.tokens import AccessToken
from libcloud.common.types import InvalidCredsError, MalformedResponseError

__all__ = ["AzureCredentialsNotFoundError", "ClientSecretSource", "ClientCertificateSource",
           "WorkloadIdentitySource", "ManagedIdentitySource", "find_azure_token_source", "DEFAULT_AUTHORITY"]

DEFAULT_AUTHORITY = "https://login.microsoftonline.com"
IMDS_DEFAULT = "http://169.254.169.254"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_ONE_TRY = RetryPolicy(max_attempts=1)


class AzureCredentialsNotFoundError(InvalidCredsError):
    """No source had an identity; the message lists each source and why it was skipped."""

    def __init__(self, attempts: List[Tuple[str, str]]) -> None:
        super().__init__("No Azure credentials found. Pass them to the driver, or provide them one of the ways "
                         "Azure's SDKs read them. Tried, in order: "
                         + "; ".join("%s: %s" % attempt for attempt in attempts))
        self.attempts = attempts


def _connection(url: str, timeout: Optional[float] = None, one_try: bool = False) -> _LoginConnection:
    parts = urlsplit(url)
    secure = parts.scheme != "http"
    conn = _LoginConnection("azure", "identity", secure=secure, host=parts.hostname,
                            port=parts.port or (443 if secure else 80), timeout=timeout)
    if one_try:
        conn.retry_policy = _ONE_TRY
    return conn


def _token(answer: Mapping[str, Any]) -> AccessToken:
    if "access_token" not in answer:
        raise MalformedResponseError("Azure answered without an access token", body="")
    return AccessToken(str(answer["access_token"]), expires_at=_token_expiry(answer),
                       token_type=str(answer.get("token_type") or "Bearer"))


def _scope(resource: str) -> str:
    return resource.rstrip("/") + "/.default"


class ClientSecretSource:
    """An application's client secret (the client-credentials grant, v1 endpoint with ``resource``)."""

    def __init__(self, tenant_id: str, client_id: str, secret: str, resource: str,
                 authority: str = DEFAULT_AUTHORITY) -> None:
        self.tenant_id, self.client_id, self.resource = tenant_id, client_id, resource
        self._secret = secret
        self.login = _connection(authority)
        debug.register_secrets(self, [secret])

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        """Log in with the secret; a new token."""
        answer = yield from client_credentials_flow(self.login, self.tenant_id, self.client_id, self._secret,
                                                    self.resource)
        return _token(answer)


class _AssertionSource:
    """The v2 client-credentials grant with a client assertion (a signed JWT, or a federated token)."""

    def __init__(self, tenant_id: str, client_id: str, resource: str, authority: str) -> None:
        self.tenant_id, self.client_id, self.resource = tenant_id, client_id, resource
        self.login = _connection(authority)

    def assertion(self) -> str:
        """The client assertion to send (a JWT)."""
        raise NotImplementedError

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        """Log in with a fresh assertion; a new token."""
        assertion = self.assertion()
        debug.register_secrets(self, [assertion])
        body = urlencode({"grant_type": "client_credentials", "client_id": self.client_id,
                          "scope": _scope(self.resource), "client_assertion_type": JWT_BEARER,
                          "client_assertion": assertion})
        response = yield self.login.call("/%s/oauth2/v2.0/token" % self.tenant_id, data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        return _token(response.object)


class WorkloadIdentitySource(_AssertionSource):
    """AKS workload identity: the federated token file is the client assertion."""

    def __init__(self, tenant_id: str, client_id: str, token_file: str, resource: str,
                 authority: str = DEFAULT_AUTHORITY) -> None:
        super().__init__(tenant_id, client_id, resource, authority)
        self.token_file = token_file

    def assertion(self) -> str:
        """The federated token, read again each time (the platform rotates the file)."""
        with open(os.path.expanduser(self.token_file), encoding="utf-8") as handle:
            return handle.read().strip()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class ClientCertificateSource(_AssertionSource):
    """An application's certificate: a JWT signed with its private key (RS256, ``x5t`` thumbprint)."""

    def __init__(self, tenant_id: str, client_id: str, pem_path: str, resource: str,
                 authority: str = DEFAULT_AUTHORITY) -> None:
        super().__init__(tenant_id, client_id, resource, authority)
        try:
            from cryptography import x509
            from cryptography.hazmat.primitives import serialization
        except ImportError:
            raise InvalidCredsError("a client certificate needs the 'cryptography' package "
                                    "(pip install 'libcloud-ng[google]')") from None
        with open(os.path.expanduser(pem_path), "rb") as handle:
            pem = handle.read()
        try:
            self._key: Any = serialization.load_pem_private_key(pem, password=None)  # an RSA key
            certificate = x509.load_pem_x509_certificate(pem)
        except ValueError:
            raise InvalidCredsError("%s must hold a PEM certificate and its unencrypted private key"
                                    % pem_path) from None
        der = certificate.public_bytes(serialization.Encoding.DER)
        self._thumbprint = _b64url(hashlib.sha1(der).digest())  # noqa: S324 - x5t is defined as SHA-1
        self._audience = "%s/%s/oauth2/v2.0/token" % (authority.rstrip("/"), tenant_id)

    def assertion(self) -> str:
        """A JWT valid for ten minutes, signed with the certificate's key."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        now = int(time.time())
        header = {"alg": "RS256", "typ": "JWT", "x5t": self._thumbprint}
        claims = {"aud": self._audience, "iss": self.client_id, "sub": self.client_id, "jti": str(uuid.uuid4()),
                  "nbf": now, "exp": now + 600}
        signing_input = "%s.%s" % (_b64url(json.dumps(header).encode()), _b64url(json.dumps(claims).encode()))
        signature = self._key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + _b64url(signature)


class ManagedIdentitySource:
    """A managed identity: App Service's identity endpoint, or the instance metadata endpoint."""

    def __init__(self, resource: str, environ: Mapping[str, str], client_id: Optional[str] = None) -> None:
        self.resource, self.client_id = resource, client_id
        self.endpoint = environ.get("IDENTITY_ENDPOINT")
        self._header = environ.get("IDENTITY_HEADER")
        if self.endpoint and self._header:
            self.kind = "app service"
            parts = urlsplit(self.endpoint)
            self.path = parts.path or "/"
            self.conn = _connection("%s://%s" % (parts.scheme, parts.netloc), timeout=5.0)
            debug.register_secrets(self, [self._header])
        else:
            self.kind = "instance metadata"
            base = environ.get("AZURE_POD_IDENTITY_AUTHORITY_HOST") or IMDS_DEFAULT
            self.path = "/metadata/identity/oauth2/token"
            self.conn = _connection(base, timeout=1.0, one_try=True)

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        """Ask the endpoint for a token of the resource."""
        if self.kind == "app service":
            params = {"api-version": "2019-08-01", "resource": self.resource}
            headers = {"X-IDENTITY-HEADER": str(self._header)}
        else:
            params = {"api-version": "2018-02-01", "resource": self.resource}
            headers = {"Metadata": "true"}
        if self.client_id:
            params["client_id"] = self.client_id
        response = yield self.conn.call(self.path, params=params, headers=headers)
        return _token(response.object)


def find_azure_token_source(resource: str, environ: Optional[Mapping[str, str]] = None,
                            authority: Optional[str] = None) -> Tuple[Any, str, Optional[AccessToken]]:
    """``(token source, where it came from, first token or None)`` for ``resource``: the first source of the
    chain that applies.

    Managed identity is tried with one quick request, so that off Azure the
    answer is an error listing every source rather than a failure later.
    """
    from libcloud._core.flow import run_sync

    env = os.environ if environ is None else environ
    authority = (env.get("AZURE_AUTHORITY_HOST") or authority or DEFAULT_AUTHORITY).rstrip("/")
    tenant, client = env.get("AZURE_TENANT_ID"), env.get("AZURE_CLIENT_ID")
    attempts: List[Tuple[str, str]] = []
    if tenant and client and env.get("AZURE_CLIENT_SECRET"):
        return ClientSecretSource(tenant, client, env["AZURE_CLIENT_SECRET"], resource, authority), \
            "environment (client secret)", None
    if tenant and client and env.get("AZURE_CLIENT_CERTIFICATE_PATH"):
        return ClientCertificateSource(tenant, client, env["AZURE_CLIENT_CERTIFICATE_PATH"], resource, authority), \
            "environment (client certificate)", None
    attempts.append(("environment", "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or "
                                    "AZURE_CLIENT_CERTIFICATE_PATH are not all set"))
    token_file = env.get("AZURE_FEDERATED_TOKEN_FILE")
    if token_file and tenant and client:
        return WorkloadIdentitySource(tenant, client, token_file, resource, authority), "workload identity", None
    attempts.append(("workload identity", "AZURE_FEDERATED_TOKEN_FILE with AZURE_CLIENT_ID and AZURE_TENANT_ID "
                                          "is not set"))
    managed = ManagedIdentitySource(resource, env, client)
    try:
        first = run_sync(managed.fetch_flow(None))
    except InvalidCredsError as exc:
        raise InvalidCredsError(
            "managed identity (%s) refused: %s. Assign a managed identity to this machine or app, or pass "
            "the credentials to the driver (an account key, or AZURE_TENANT_ID, AZURE_CLIENT_ID and "
            "AZURE_CLIENT_SECRET in the environment)." % (managed.kind, exc)
        ) from None
    except Exception as exc:  # off Azure nothing answers: a reason, not a crash
        attempts.append(("managed identity (%s)" % managed.kind, "no answer (%s)" % type(exc).__name__))
        raise AzureCredentialsNotFoundError(attempts) from None
    return managed, "managed identity (%s)" % managed.kind, first

