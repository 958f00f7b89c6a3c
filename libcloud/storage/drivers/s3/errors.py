"""S3 error codes -> the storage exceptions of the upstream contract.

``S3Response`` hands 400/404/409 answers back to the driver (upstream
semantics), and the driver calls :func:`check` with what it was working on,
so that e.g. ``NoSuchBucket`` becomes a ``ContainerDoesNotExistError`` that
names the container.  Credentials, throttling and server errors are raised
earlier by ``S3Response.parse_error``.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Optional, Union

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.s3.connection import error_code_and_message
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerError,
    ContainerIsNotEmptyError,
    InvalidContainerNameError,
    ObjectDoesNotExistError,
)

__all__ = ["ContainerNameTakenError", "S3_ERROR_CODES", "check", "response_error"]


class ContainerNameTakenError(ContainerAlreadyExistsError, InvalidContainerNameError):
    """``BucketAlreadyExists``: another account owns the name.

    Upstream raised ``InvalidContainerNameError`` for it; it is also a
    ``ContainerAlreadyExistsError``, so either ``except`` clause catches it.
    """

    error_type = "ContainerAlreadyExistsError"


_ContainerFactory = Callable[[str, Any, Optional[str], Optional[str]], Exception]


def _container(cls: type) -> _ContainerFactory:
    return lambda message, driver, container, obj: cls(value=message, driver=driver, container_name=container)


def _object(cls: type) -> _ContainerFactory:
    return lambda message, driver, container, obj: cls(value=message, driver=driver, object_name=obj)


#: S3 error code -> exception factory ``(message, driver, container_name, object_name)``.
S3_ERROR_CODES: Dict[str, _ContainerFactory] = {
    "NoSuchBucket": _container(ContainerDoesNotExistError),
    "NoSuchKey": _object(ObjectDoesNotExistError),
    "BucketAlreadyOwnedByYou": _container(ContainerAlreadyExistsError),
    "BucketAlreadyExists": _container(ContainerNameTakenError),
    "BucketNotEmpty": _container(ContainerIsNotEmptyError),
    "InvalidBucketName": _container(InvalidContainerNameError),
    "IllegalLocationConstraintException": _container(ContainerError),
    "InvalidLocationConstraint": _container(ContainerError),
    "TooManyBuckets": _container(ContainerError),
}


def _body_of(response: Any) -> Any:
    parsed = getattr(response, "object", None)
    if parsed is not None and hasattr(parsed, "iter"):
        return parsed
    try:
        return response.body
    except Exception:  # a raw body that cannot be read any more
        return None


def response_error(response: Any, driver: Any, container_name: Optional[str] = None,
                   object_name: Optional[str] = None,
                   fallback: Optional[Dict[int, _ContainerFactory]] = None) -> Exception:
    """The exception describing a failed S3 answer."""
    status = int(response.status)
    code, message = error_code_and_message(_body_of(response))
    text = "%s: %s" % (code, message) if code else "HTTP %d" % status
    factory = S3_ERROR_CODES.get(code or "")
    if factory is None and fallback:
        factory = fallback.get(status)
    if factory is None and status == 404 and not code:
        factory = _object(ObjectDoesNotExistError) if object_name is not None else _container(ContainerDoesNotExistError)
    if factory is not None:
        if object_name is None and factory is S3_ERROR_CODES["NoSuchKey"]:
            return LibcloudError(text, driver=driver)
        return factory(text, driver, container_name, object_name)
    return LibcloudError("Unexpected status code: %s (%s)" % (status, text), driver=driver)


def check(response: Any, driver: Any, ok: Union[int, Iterable[int]] = 200, container_name: Optional[str] = None,
          object_name: Optional[str] = None, fallback: Optional[Dict[int, _ContainerFactory]] = None) -> Any:
    """Return ``response`` if its status is in ``ok``, else raise the matching exception."""
    codes = (ok,) if isinstance(ok, int) else tuple(ok)
    if int(response.status) in codes:
        return response
    raise response_error(response, driver, container_name, object_name, fallback)


# Exposed for drivers that want upstream's 409-on-create meaning.
INVALID_NAME_ON_CONFLICT = {409: _container(InvalidContainerNameError), 400: _container(ContainerError)}
NOT_EMPTY_ON_CONFLICT = {409: _container(ContainerIsNotEmptyError)}
__all__ += ["INVALID_NAME_ON_CONFLICT", "NOT_EMPTY_ON_CONFLICT"]
