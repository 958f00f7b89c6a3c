"""Declarative error mapping for JSON APIs: a table of rules instead of an ``if`` ladder per provider.

An :class:`ErrorRule` says "an answer with this HTTP status and/or this
provider error code (and/or this text in the message) raises that exception".
:class:`RestResponse` reads the provider's message and codes from the error
body, masks every secret the process knows (keys, tokens) in the message,
walks its ``error_rules`` and otherwise raises the libcloud default for the
status: ``InvalidCredsError`` for 401/403, ``RateLimitReachedError`` for 429
(which the connection retries), ``BaseHTTPError`` for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Collection, FrozenSet, Iterable, List, Optional, Sequence, Set, Union, cast

from libcloud._core.debug import redact_text
from libcloud.common.exceptions import BaseHTTPError
from libcloud.common.responses import JsonResponse
from libcloud.common.types import InvalidCredsError, LibcloudError, ProviderError

__all__ = ["ErrorFactory", "ErrorRule", "RestResponse", "build_error", "provider_message", "provider_codes"]

#: ``factory(message, response)`` returns the exception to raise.
ErrorFactory = Callable[[str, "RestResponse"], BaseException]


def build_error(exception: Union[type, ErrorFactory], message: str, response: "RestResponse") -> BaseException:
    """An instance of ``exception`` for ``response``, built with the arguments its family takes.

    A class with a ``from_response(message, response)`` classmethod builds itself.
    """
    if not (isinstance(exception, type) and issubclass(exception, BaseException)):
        return cast(ErrorFactory, exception)(message, response)
    driver = getattr(response.connection, "driver", None)
    status = int(response.status)
    from_response = getattr(exception, "from_response", None)
    if from_response is not None:  # a provider class that builds itself from the whole answer
        return from_response(message, response)
    if issubclass(exception, BaseHTTPError):
        return exception(status, message, response.headers)
    if issubclass(exception, InvalidCredsError):  # its status is always 401
        return exception(message, driver=driver)
    if issubclass(exception, ProviderError):
        return exception(message, status, driver=driver)
    if issubclass(exception, LibcloudError):
        return exception(message, driver=driver)
    return exception(message)


def _as_set(value: Union[None, int, str, Iterable[Any]]) -> FrozenSet[Any]:
    if value is None:
        return frozenset()
    if isinstance(value, (int, str)):
        return frozenset([value])
    return frozenset(value)


@dataclass(frozen=True)
class ErrorRule:
    """Raise ``exception`` for answers that match every condition given.

    ``status``: an HTTP status or a collection of them; ``codes``: provider
    error codes (any of them present matches); ``contains``: text the message
    holds (case-insensitive).  ``exception`` is an exception class (built with
    the arguments its family takes) or ``factory(message, response)``.
    """

    exception: Union[type, ErrorFactory]
    status: Union[None, int, Collection[int]] = None
    codes: Union[None, int, str, Collection[Any]] = None
    contains: Optional[str] = None

    def matches(self, status: int, codes: Set[Any], message: str) -> bool:
        """Whether an answer with this status, these provider codes and this message falls under the rule."""
        statuses = _as_set(self.status)
        if statuses and status not in statuses:
            return False
        wanted = _as_set(self.codes)
        if wanted and not (wanted & codes):
            return False
        return self.contains is None or self.contains.lower() in message.lower()


def _text_of(error: Any) -> str:
    if isinstance(error, dict):
        text = error.get("message") or error.get("reason") or error.get("description") or error.get("detail")
        # Where the error is: "field" (Linode, DigitalOcean) or "location.name" (Gandi).
        field = error.get("field") or ".".join(str(error[k]) for k in ("location", "name") if error.get(k))
        text = str(text) if text is not None else ""
        return "%s: %s" % (field, text) if field and text else text
    return str(error)


def provider_message(document: Any) -> str:
    """The message of a JSON error body in the usual shapes.

    ``{"message"}``, ``{"error": "..."}``, ``{"error": {"message"}}``,
    ``{"errors": ["...", {"field", "reason"}]}``; ``""`` when none applies.
    """
    if not isinstance(document, dict):
        return ""
    error = document.get("error")
    if isinstance(error, dict):
        nested = provider_message(error) or _text_of(error)
        if nested:
            return nested
    parts: List[str] = []
    if document.get("message"):
        parts.append(str(document["message"]))
    elif isinstance(error, str) and error:
        parts.append(error)
    errors = document.get("errors")
    if isinstance(errors, list):
        details = [t for t in (_text_of(e) for e in errors) if t]
        if details:
            parts.append("; ".join(details))
    return ": ".join(parts)


def provider_codes(document: Any) -> Set[Any]:
    """Provider error codes of a JSON error body (``code``, ``error.code``, ``errors[].code``)."""
    codes: Set[Any] = set()
    if not isinstance(document, dict):
        return codes
    candidates: List[Any] = [document]
    if isinstance(document.get("error"), dict):
        candidates.append(document["error"])
    if isinstance(document.get("errors"), list):
        candidates.extend(e for e in document["errors"] if isinstance(e, dict))
    for item in candidates:
        code = item.get("code")
        if isinstance(code, (int, str)) and code != "":
            codes.add(code)
            if isinstance(code, str) and code.isdigit():
                codes.add(int(code))
    return codes


class RestResponse(JsonResponse):
    """A JSON API answer whose failures are mapped by a table (:attr:`error_rules`).

    Subclasses set :attr:`ok_statuses`, :attr:`error_rules` and, when the
    provider has its own error class, :attr:`default_error`; they override
    :meth:`error_message` / :meth:`error_codes` only for unusual error bodies.
    """

    #: Statuses that mean success.
    ok_statuses: Collection[int] = range(200, 300)
    #: Statuses that mean the credentials were refused (``InvalidCredsError``).
    auth_statuses: Collection[int] = (401, 403)
    #: Checked in order; the first rule that matches decides.
    error_rules: Sequence[ErrorRule] = ()
    #: Raised when no rule matched (``None``: the connection raises ``BaseHTTPError``).
    default_error: Union[None, type, ErrorFactory] = None

    def success(self) -> bool:
        return int(self.status) in self.ok_statuses

    def error_document(self) -> Any:
        """The parsed error body, or ``None`` when it is not JSON."""
        try:
            return JsonResponse.parse_body(self)
        except Exception:
            return None

    def error_message(self, document: Any) -> str:
        """The provider's message for a failed answer (``document`` is :meth:`error_document`)."""
        return provider_message(document)

    def error_codes(self, document: Any) -> Set[Any]:
        """The provider's error codes for a failed answer."""
        return provider_codes(document)

    def parse_error(self) -> Any:
        document = self.error_document()
        text = self.error_message(document) or self.body or str(self.error or "")
        # The provider may echo a key or a token back; no secret leaves in an exception.
        message = redact_text(str(text))
        status = int(self.status)
        codes = self.error_codes(document)
        for rule in self.error_rules:
            if rule.matches(status, codes, message):
                raise build_error(rule.exception, message, self)
        if status in self.auth_statuses:
            raise InvalidCredsError(message)
        if status == 429:
            return message  # the connection raises RateLimitReachedError (and retries)
        if self.default_error is not None:
            raise build_error(self.default_error, message, self)
        return message
