"""Decorators for driver methods."""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Generator, Tuple, TypeVar, cast

from libcloud.common.types import LibcloudError

__all__ = ["wrap_non_libcloud_exceptions"]

F = TypeVar("F", bound=Callable[..., Any])


def _as_libcloud_error(exc: Exception, args: Tuple[Any, ...]) -> LibcloudError:
    # The first positional argument of a driver method is the driver itself.
    driver = args[0] if args else None
    fault = getattr(exc, "fault", None)  # xmlrpc faults carry their text in .fault.string
    message = getattr(fault, "string", None) if fault is not None else None
    return LibcloudError(value=message or str(exc), driver=driver)


def wrap_non_libcloud_exceptions(func: F) -> F:
    """Re-raise any exception that is not a ``LibcloudError`` as one (the original is chained).

    Works on plain methods and on flow generators (``@operation`` methods),
    where it wraps errors raised while the flow runs.
    """
    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def flow_wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            try:
                return (yield from func(*args, **kwargs))
            except LibcloudError:
                raise
            except Exception as exc:
                raise _as_libcloud_error(exc, args) from exc

        return cast(F, flow_wrapper)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LibcloudError:
            raise
        except Exception as exc:
            raise _as_libcloud_error(exc, args) from exc

    return cast(F, wrapper)
