"""Shared types and the base of the libcloud exception hierarchy."""

from __future__ import annotations

import enum
from typing import Any, Callable, Iterable, Iterator, List, Optional, Sequence, Tuple

__all__ = [
    "PARSER_ERRORS",
    "malformed_response_from",
    "Type",
    "LibcloudError",
    "ResourceError",
    "CodeMessageError",
    "MalformedResponseError",
    "ProviderError",
    "InvalidCredsError",
    "InvalidCredsException",
    "ServiceUnavailableError",
    "PartialFailureError",
    "LazyList",
]


class Type(str, enum.Enum):
    """A string enum: members compare and hash equal to their plain values."""

    @classmethod
    def tostring(cls, value: Any) -> str:
        """The upper-case name of a constant (or of a plain string)."""
        return str(getattr(value, "value", value)).upper()

    @classmethod
    def fromstring(cls, value: str) -> Optional["Type"]:
        """The constant named ``value`` (any case), or None."""
        return getattr(cls, str(value).upper(), None)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return str(self.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, enum.Enum):
            other = other.value
        return str.__eq__(str(self.value), other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self.value)


class LibcloudError(Exception):
    """The base class of errors raised by libcloud."""

    def __init__(self, value: Any, driver: Any = None) -> None:
        super().__init__(value)
        self.value = value
        self.driver = driver

    def __str__(self) -> str:
        return self.__repr__()

    def __repr__(self) -> str:
        return "<LibcloudError in " + repr(self.driver) + " " + repr(self.value) + ">"


class ResourceError(LibcloudError):
    """The base of the errors about one resource (a DNS zone or record, a container, an object...).

    A subclass stores the resource's id under its own attribute (``zone_id``,
    ``container_name``...) and sets ``template``, the text ``str()`` and
    ``repr()`` show: a ``str.format`` string over the error's attributes
    and ``error_type``.  ``error_type`` is the class name unless a class sets
    its own.
    """

    error_type = "ResourceError"
    template = "<{error_type} in {driver!r}, value={value}>"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "error_type" not in cls.__dict__:
            cls.error_type = cls.__name__

    def __repr__(self) -> str:
        return self.template.format_map(dict(vars(self), error_type=self.error_type))


class CodeMessageError(LibcloudError):
    """An API's refusal as ``code`` (its HTTP status) and ``message``; shown as "code message".

    The base of the container APIs' exceptions (Docker, Kubernetes, Rancher), which
    upstream builds and prints alike.
    """

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__("%s %s" % (code, message))
        self.args = (code, message)

    def __str__(self) -> str:
        return "%s %s" % (self.code, self.message)

    def __repr__(self) -> str:
        return "%s %s %s" % (type(self).__name__, self.code, self.message)


class MalformedResponseError(LibcloudError):
    """The provider answered with something that could not be parsed."""

    def __init__(self, value: Any, body: Any = None, driver: Any = None) -> None:
        super().__init__(value, driver)
        self.body = body

    def __repr__(self) -> str:
        return (
            "<MalformedResponseException in "
            + repr(self.driver)
            + " "
            + repr(self.value)
            + ">: "
            + repr(_shorten(self.body))
        )


#: What a parser raises when a body lacks a key, has a value of the wrong type, a short list...
PARSER_ERRORS: Tuple[type, ...] = (KeyError, ValueError, TypeError, AttributeError, IndexError)

_MALFORMED_KINDS: dict = {}


def malformed_response_from(error: BaseException, driver: Any = None) -> MalformedResponseError:
    """A :class:`MalformedResponseError` for a parser's ``error`` on a body of an unexpected shape.

    The result is also an instance of the built-in kind of ``error`` (``KeyError``, ``ValueError``...),
    so code written for upstream that catches those keeps working; it chains to ``error``.  The body is
    not put in the message (it may hold secrets): ``LIBCLOUD_DEBUG=1`` logs it, redacted.
    """
    kind = next((k for k in PARSER_ERRORS if isinstance(error, k)), None)
    if kind is None:
        return MalformedResponseError(str(error), driver=driver)
    cls = _MALFORMED_KINDS.get(kind)
    if cls is None:
        cls = type("MalformedResponseError", (MalformedResponseError, kind), {"__module__": __name__})
        _MALFORMED_KINDS[kind] = cls
    message = (
        "The provider's answer does not have the expected shape (%s: %s). The API may have changed, or "
        "something else (a proxy, a captive portal) answered; LIBCLOUD_DEBUG=1 logs the exchange."
        % (type(error).__name__, error)
    )
    result: MalformedResponseError = cls(message, driver=driver)
    result.__cause__ = error
    return result


class ProviderError(LibcloudError):
    """An error the provider reported, with its HTTP status code."""

    def __init__(self, value: Any, http_code: int, driver: Any = None) -> None:
        super().__init__(value=value, driver=driver)
        self.http_code = http_code

    def __str__(self) -> str:
        return self.__repr__()

    def __repr__(self) -> str:
        return repr(self.value)


class InvalidCredsError(ProviderError):
    """The provider rejected the credentials (HTTP 401 or the provider's equivalent)."""

    def __init__(self, value: Any = "Invalid credentials with the provider", driver: Any = None) -> None:
        super().__init__(value, http_code=401, driver=driver)


InvalidCredsException = InvalidCredsError


class ServiceUnavailableError(ProviderError):
    """The provider is unavailable (HTTP 503)."""

    def __init__(self, value: Any = "Service unavailable at provider", driver: Any = None) -> None:
        super().__init__(value, http_code=503, driver=driver)


class PartialFailureError(LibcloudError):
    """A multi-step operation failed after it had created some resources.

    ``created`` lists those resources (in creation order) so that the caller
    can clean them up or carry on; ``cause`` is the exception that stopped the
    operation (also chained as ``__cause__``).
    """

    def __init__(
        self,
        value: Any,
        created: Sequence[Any] = (),
        cause: Optional[BaseException] = None,
        driver: Any = None,
    ) -> None:
        self.created: List[Any] = list(created)
        self.cause = cause
        super().__init__(value, driver)
        self.__cause__ = cause

    def __str__(self) -> str:
        lines = [str(self.value)]
        if self.cause is not None and str(self.cause) not in lines[0]:
            lines[0] += " (caused by %s: %s)" % (type(self.cause).__name__, self.cause)
        if self.created:
            lines.append("These resources were created before the failure and may need cleaning up:")
            lines.extend("  - " + _describe_resource(r) for r in self.created)
        else:
            lines.append("Nothing was created before the failure.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return "<PartialFailureError %r created=%d>" % (self.value, len(self.created))


def _describe_resource(resource: Any) -> str:
    kind = type(resource).__name__
    ident = getattr(resource, "id", None)
    name = getattr(resource, "name", None)
    parts = [kind]
    if ident is not None:
        parts.append("id=%s" % ident)
    if name is not None and name != ident:
        parts.append("name=%s" % name)
    if len(parts) == 1:
        parts.append(repr(resource))
    return " ".join(parts)


def _shorten(body: Any, limit: int = 1000) -> Any:
    # Shown in exception text: tokens, signatures and keys the body echoes are masked.
    from libcloud._core.debug import redact_text

    if isinstance(body, bytes):
        try:
            text = redact_text(body[:limit].decode("utf-8"))
        except UnicodeDecodeError:  # binary: nothing readable to mask
            return body[:limit] + (b"..." if len(body) > limit else b"")
        return text.encode("utf-8") + (b"..." if len(body) > limit else b"")
    if isinstance(body, str):
        return redact_text(body[:limit]) + ("..." if len(body) > limit else "")
    return body


class LazyList:
    """A list whose items are fetched page by page on first use.

    ``get_more(last_key=..., value_dict=...)`` returns ``(items, last_key, exhausted)``.
    """

    def __init__(self, get_more: Callable[..., Tuple[Iterable[Any], Any, bool]], value_dict: Optional[dict] = None) -> None:
        self._data: List[Any] = []
        self._last_key: Any = None
        self._exhausted = False
        self._all_loaded = False
        self._get_more = get_more
        self._value_dict = value_dict or {}

    def __iter__(self) -> Iterator[Any]:
        if not self._all_loaded:
            self._load_all()
        return iter(self._data)

    def __getitem__(self, index: Any) -> Any:
        if not self._all_loaded:
            self._load_all()
        return self._data[index]

    def __len__(self) -> int:
        self._load_all()
        return len(self._data)

    def __repr__(self) -> str:
        self._load_all()
        return "[%s]" % ", ".join(repr(item) for item in self._data)

    def _load_all(self) -> None:
        while not self._exhausted:
            items, self._last_key, self._exhausted = self._get_more(
                last_key=self._last_key, value_dict=self._value_dict
            )
            self._data.extend(items)
        self._all_loaded = True
