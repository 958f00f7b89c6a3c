"""Token credentials, shared by every provider that authenticates with short-lived tokens.

OAuth2 (Google, Azure AD), OpenStack Keystone and temporary AWS credentials
all follow one pattern: *fetch* a token, use it until shortly before it
expires, fetch a new one - and fetch a new one at once when the service
rejects the current one (a 401).  This module implements that pattern once:

* :class:`AccessToken` - a token and its expiry; its value never appears in
  ``repr``/``str`` and is registered with the debug log's redaction;
* :class:`TokenSource` - what a provider supplies: ``fetch_flow(previous)``, an
  operation flow that returns a new :class:`AccessToken` (it may use
  ``previous`` to refresh instead of logging in again);
* :class:`TokenCredential` - caches the token, refreshes it ``refresh_margin``
  seconds before expiry, and is **single-flight**: when N threads or N
  asyncio tasks need a new token at once, one fetch runs and all share it;
* :class:`TokenAuthMixin` - a ``Connection`` mixin that makes sure a fresh
  token is held before each request and, when the provider answers 401,
  refreshes once and repeats the request once.

The refresh is a flow, so the sync runner and the async runner (and
``libcloud.asyncio``) drive the very same code.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional, Protocol, Union, runtime_checkable

from libcloud._core import debug
from libcloud._core.flow import Flow, run_sync
from libcloud._core.request import PreparedRequest, body_is_replayable

if TYPE_CHECKING:
    from libcloud._core.singleflight import SingleFlight

__all__ = ["AccessToken", "TokenSource", "TokenCredential", "TokenAuthMixin", "is_token_rejection"]

#: Refresh this many seconds before the expiry the provider announced (clock skew, slow requests).
DEFAULT_REFRESH_MARGIN = 60.0


class AccessToken:
    """A bearer token and when it expires (seconds since the epoch; ``None``: no known expiry).

    ``extras`` keeps provider data that came with the token (a refresh token,
    a service catalog, a session token); values under secret-looking keys are
    masked in logs like the token itself.
    """

    __slots__ = ("_value", "expires_at", "token_type", "extras", "__weakref__")

    def __init__(self, value: str, expires_at: Optional[float] = None, token_type: str = "Bearer",
                 extras: Optional[Mapping[str, Any]] = None) -> None:
        self._value = value
        self.expires_at = expires_at
        self.token_type = token_type
        self.extras: Dict[str, Any] = dict(extras or {})
        hidden = [value] + [v for k, v in self.extras.items() if isinstance(v, str) and _looks_secret(k)]
        debug.register_secrets(self, hidden)

    @property
    def value(self) -> str:
        """The token itself (send it; never log it)."""
        return self._value

    @property
    def authorization(self) -> str:
        """The ``Authorization`` header value, e.g. ``Bearer <token>``."""
        return "%s %s" % (self.token_type or "Bearer", self._value)

    def expires_within(self, seconds: float, now: Optional[float] = None) -> bool:
        """Whether the token expires in less than ``seconds`` from ``now``."""
        if self.expires_at is None:
            return False
        return self.expires_at - (time.time() if now is None else now) < seconds

    def __repr__(self) -> str:
        return "<AccessToken %s expires_at=%r>" % (self.token_type, self.expires_at)

    __str__ = __repr__


#: Names that contain a secret-looking word but describe the secret (``token_type`` is "Bearer": masking
#: it would blank every Authorization header in the debug log).
_DESCRIPTIVE_SUFFIXES = ("_type", "_uri", "_url", "_in", "_at", "_time", "_name", "_id")


def _looks_secret(name: str) -> bool:
    lowered = name.lower()
    if lowered.endswith(_DESCRIPTIVE_SUFFIXES):
        return False
    return any(word in lowered for word in ("token", "secret", "key", "password", "session"))


@runtime_checkable
class TokenSource(Protocol):
    """Where tokens come from: a provider's login or refresh exchange, as a flow."""

    def fetch_flow(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        """A flow that returns a new token (``previous`` is the one being replaced, if any)."""
        ...


FetchFlow = Callable[[Optional[AccessToken]], Flow[AccessToken]]


class TokenCredential:
    """A cached token, refreshed before expiry, single-flight across threads and tasks.

    ``source`` is a :class:`TokenSource` or a function ``previous -> flow``.
    ``clock`` returns seconds since the epoch (tests inject a fake one).
    """

    def __init__(self, source: Union[TokenSource, Callable[..., Flow[AccessToken]]], *,
                 refresh_margin: float = DEFAULT_REFRESH_MARGIN, clock: Callable[[], float] = time.time,
                 token: Optional[AccessToken] = None) -> None:
        self._fetch: FetchFlow = source.fetch_flow if isinstance(source, TokenSource) else source
        self.refresh_margin = refresh_margin
        self.clock = clock
        self._token = token
        # Imported by the first credential, not with every connection class (import time).
        from libcloud._core.singleflight import SingleFlight

        self._flight: SingleFlight[AccessToken] = SingleFlight()
        #: How many fetches ran (a counter for tests and metrics).
        self.fetch_count = 0

    @property
    def current(self) -> Optional[AccessToken]:
        """The cached token, fresh or not (no I/O)."""
        return self._token

    @current.setter
    def current(self, token: Optional[AccessToken]) -> None:
        self._token = token

    def needs_refresh(self, token: Optional[AccessToken] = None) -> bool:
        """Whether ``token`` (default: the cached one) is missing or about to expire."""
        token = self._token if token is None else token
        return token is None or token.expires_within(self.refresh_margin, self.clock())

    def token_flow(self, rejected: Optional[AccessToken] = None) -> Flow[AccessToken]:
        """A flow returning a usable token: the cached one, or a new one fetched once for all waiters.

        ``rejected`` is a token the provider refused; it is replaced unless
        another caller has replaced it already.
        """
        current = self._token
        if current is not None and current is not rejected and not self.needs_refresh(current):
            return current
        token = yield from self._flight.run(lambda: self._refresh(rejected))
        return token

    def _refresh(self, rejected: Optional[AccessToken]) -> Flow[AccessToken]:
        # A flight that landed between our check and our turn as leader may have
        # left a good token: then there is nothing to fetch.
        current = self._token
        if current is not None and current is not rejected and not self.needs_refresh(current):
            return current
        self.fetch_count += 1
        token = yield from self._fetch(current)
        self._token = token
        return token

    def invalidate(self) -> None:
        """Forget the cached token: the next request fetches a new one."""
        self._token = None

    def get_token(self) -> AccessToken:
        """A usable token, fetched synchronously if needed."""
        return run_sync(self.token_flow())

    async def aget_token(self) -> AccessToken:
        """The async twin of :meth:`get_token`."""
        from libcloud._core.async_runner import run_async

        return await run_async(self.token_flow())

    def __repr__(self) -> str:
        return "<%s token=%r>" % (type(self).__name__, self._token)


def is_token_rejection(error: BaseException) -> bool:
    """Whether ``error`` says the provider refused the credentials (HTTP 401)."""
    from libcloud.common.types import InvalidCredsError

    if isinstance(error, InvalidCredsError):
        return True
    for attribute in ("http_code", "code", "status"):
        if getattr(error, attribute, None) == 401:
            return True
    return False


class TokenAuthMixin:
    """Mix into a ``Connection``: a fresh token before each request, one retry after a 401.

    The class sets :attr:`token_credential` (usually in ``__init__``); the
    token goes into each request in :meth:`sign_request`, the one signing
    step every connection has (see :mod:`libcloud._core.auth`).  Signing does
    no I/O because :meth:`request_flow` obtained the token first.
    """

    token_credential: Optional[TokenCredential] = None

    def authorization_headers(self) -> Dict[str, str]:
        """The headers that carry the cached token (empty before the first fetch)."""
        credential = self.token_credential
        token = credential.current if credential is not None else None
        return {"Authorization": token.authorization} if token is not None else {}

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Put the cached token into the final request, then let the parent sign it too."""
        request.headers.update(self.authorization_headers())
        parent: Any = super()
        signed: PreparedRequest = parent.sign_request(request)
        return signed

    def is_token_rejected(self, error: BaseException) -> bool:
        """Whether ``error`` means the token was refused; override for providers that say it otherwise."""
        return is_token_rejection(error)

    def token_refresh_failed(self, rejection: BaseException, error: BaseException) -> BaseException:
        """What to raise when the refresh after a rejection fails: the refresh's error (override to keep
        the provider's rejection, e.g. where upstream's API raised that)."""
        return error

    def request_flow(self, action: str, params: Any = None, data: Any = None,
                     headers: Optional[Mapping[str, Any]] = None, method: str = "GET", raw: bool = False,
                     stream: Optional[bool] = None, json: Any = None, retry_failed: Optional[bool] = None,
                     idempotent: Optional[bool] = None) -> Flow[Any]:
        """The parent's request flow, with the token made fresh first and one refresh after a 401."""
        parent: Any = super()
        credential = self.token_credential
        if credential is None:
            return (yield from parent.request_flow(action, params, data, headers, method, raw, stream, json,
                                                   retry_failed, idempotent))
        token = yield from credential.token_flow()
        try:
            return (yield from parent.request_flow(action, params, data, headers, method, raw, stream, json,
                                                   retry_failed, idempotent))
        except Exception as exc:
            if not self.is_token_rejected(exc) or not body_is_replayable(data):
                raise
            rejection = exc
        try:
            yield from credential.token_flow(rejected=token)
        except Exception as error:
            replacement = self.token_refresh_failed(rejection, error)
            if replacement is error:
                raise
            raise replacement from error
        return (yield from parent.request_flow(action, params, data, headers, method, raw, stream, json,
                                               retry_failed, idempotent))
