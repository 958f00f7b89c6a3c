"""Reporting what a multi-step create left behind when a later step failed.

A driver operation that creates several resources (a security group, then a
key pair, then the instance ...) wraps its steps in :func:`track_created`
and registers each resource as soon as the provider has made it::

    with track_created(self, "create_node") as created:
        group = yield from self._create_group(...)
        created.add(group)
        node = yield from self._run_instance(...)
        created.add(node)

If a step then fails, the caller gets a
:class:`~libcloud.common.types.PartialFailureError` whose ``created`` lists
those resources (so nothing leaks silently) and whose ``cause`` is the
original error.  When nothing had been created yet, the original error
propagates unchanged: that is an ordinary failure, not a partial one.

The context manager works inside operation flows too: the error a flow
receives at a ``yield`` propagates through the ``with`` block as usual.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, List, TypeVar

from libcloud.common.types import PartialFailureError

__all__ = ["CreatedResources", "track_created", "describe_resource"]

R = TypeVar("R")


def describe_resource(resource: Any) -> str:
    """A short human description: the class name plus the id and name when present."""
    parts = [type(resource).__name__]
    ident = getattr(resource, "id", None)
    name = getattr(resource, "name", None)
    if ident is not None:
        parts.append("id=%s" % (ident,))
    if name is not None and name != ident:
        parts.append("name=%s" % (name,))
    if len(parts) == 1:
        parts.append(repr(resource))
    return " ".join(parts)


class CreatedResources:
    """The resources an operation has created so far, in creation order."""

    def __init__(self) -> None:
        self._items: List[Any] = []

    def add(self, resource: R) -> R:
        """Record ``resource`` as created; returns it, so ``x = created.add(make())`` reads well."""
        self._items.append(resource)
        return resource

    def discard(self, resource: Any) -> None:
        """Forget ``resource`` (the operation deleted it again itself)."""
        self._items = [item for item in self._items if item is not resource]

    @property
    def items(self) -> List[Any]:
        """The resources recorded so far, in creation order."""
        return list(self._items)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        return "<CreatedResources %s>" % (", ".join(describe_resource(r) for r in self._items) or "(none)",)


def _message(action: str, created: List[Any], cause: BaseException) -> str:
    names = "; ".join(describe_resource(r) for r in created)
    return (
        "%s failed after creating %d resource(s): %s. They were not deleted: clean them up "
        "(destroy/delete each one) or reuse them. The step that failed raised %s: %s"
        % (action, len(created), names, type(cause).__name__, cause)
    )


@contextmanager
def track_created(driver: Any = None, action: str = "operation") -> Iterator[CreatedResources]:
    """Track resources created inside the block; see the module docstring.

    ``action`` names the operation in the error message (e.g. "create_node").
    Only ``Exception`` subclasses are wrapped: ``KeyboardInterrupt`` and a
    flow being closed (``GeneratorExit``) pass through untouched.  An error
    that is already a :class:`PartialFailureError` (from a nested tracker)
    gains the outer resources and is re-raised.
    """
    created = CreatedResources()
    try:
        yield created
    except PartialFailureError as exc:
        outer = [r for r in created if all(r is not inner for inner in exc.created)]
        exc.created = outer + exc.created
        raise
    except Exception as exc:
        if not created:
            raise
        items = created.items
        raise PartialFailureError(_message(action, items, exc), created=items, cause=exc, driver=driver) from exc

