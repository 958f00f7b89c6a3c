"""Cloud Storage permission levels and the JSON-API ACL requests behind ``ex_*_permissions``.

The levels are ints (comparable, indexable into ``values``) of two distinct
kinds, so a bucket level given for an object - or the reverse - is refused.
"""

from __future__ import annotations

import json
from typing import Any, List, Optional, Tuple, Type

from libcloud._core.flow import Flow

__all__ = ["ContainerPermissions", "ObjectPermissions", "acl_path", "role_name", "probe_flow"]


class _Level(int):
    """A permission level; its class says whether it is a bucket's or an object's."""

    names: List[str] = []

    def __repr__(self) -> str:
        return "%s.%s" % (type(self).__name__.lstrip("_"), self.names[int(self)])


class _ContainerLevel(_Level):
    names = ["NONE", "READER", "WRITER", "OWNER"]


class _ObjectLevel(_Level):
    names = ["NONE", "READER", "OWNER"]


class ContainerPermissions:
    """What the caller may do with a bucket (``NONE`` < ``READER`` < ``WRITER`` < ``OWNER``)."""

    values = list(_ContainerLevel.names)
    NONE, READER, WRITER, OWNER = (_ContainerLevel(i) for i in range(4))


class ObjectPermissions:
    """What the caller may do with an object (``NONE`` < ``READER`` < ``OWNER``)."""

    values = list(_ObjectLevel.names)
    NONE, READER, OWNER = (_ObjectLevel(i) for i in range(3))


def acl_path(container_name: str, object_name: Optional[str] = None, entity: Optional[str] = None) -> str:
    """The JSON-API path of a bucket's or an object's ACL (or of one entry)."""
    path = "/storage/v1/b/%s" % (container_name,)
    if object_name:
        path += "/o/%s" % (object_name,)
    path += "/acl"
    if entity:
        path += "/%s" % (entity,)
    return path


def role_name(role: Any, for_object: bool) -> str:
    """The ACL role name of ``role`` (a name or a level of the right kind); ``ValueError`` otherwise."""
    kind: Type[Any] = ObjectPermissions if for_object else ContainerPermissions
    wrong: Type[_Level] = _ContainerLevel if for_object else _ObjectLevel
    if role is None:
        raise ValueError("A role is required")
    if isinstance(role, wrong):
        raise ValueError("%r is not a permission of %s" % (role, "an object" if for_object else "a bucket"))
    if isinstance(role, int):
        if not 0 < role < len(kind.values):
            raise ValueError("No such role: %r" % (role,))
        return str(kind.values[role])
    name = str(role).upper()
    if name not in kind.values[1:]:
        raise ValueError("No such role: %r" % (role,))
    return name


def acl_entry(entity: str, role: str) -> str:
    """The JSON body of an ACL entry (``role`` first, as Cloud Storage documents it)."""
    return json.dumps({"role": role, "entity": entity})


def _allowed(connection: Any, action: str, **kwargs: Any) -> Flow[Tuple[bool, Optional[int]]]:
    """Whether the request succeeds; ``(False, status)`` when it is refused."""
    try:
        yield connection.call(action, **kwargs)
    except Exception as exc:  # a refusal tells us the level; anything else is a real error
        status = getattr(exc, "http_code", None)
        if status in (401, 403, 404, 412):
            return False, status
        raise
    return True, 200


def probe_flow(connection: Any, container_name: str, object_name: Optional[str]) -> Flow[Tuple[int, Optional[int]]]:
    """The caller's levels on the bucket (and object), found by what the service allows.

    Reading the ACL needs OWNER; a conditional delete of an object that can
    never exist (``ifGenerationMatch: 0``) fails with 412 only for a WRITER;
    reading the resource needs READER.
    """
    bucket = "/storage/v1/b/%s" % (container_name,)
    level: int = ContainerPermissions.NONE
    ok, _ = yield from _allowed(connection, bucket + "/acl")
    if ok:
        level = ContainerPermissions.OWNER
    else:
        _, status = yield from _allowed(connection, bucket + "/o/writecheck", method="DELETE",
                                        headers={"x-goog-if-generation-match": "0"})
        if status == 412:
            level = ContainerPermissions.WRITER
        else:
            ok, _ = yield from _allowed(connection, bucket)
            level = ContainerPermissions.READER if ok else ContainerPermissions.NONE
    if not object_name:
        return level, None
    obj = "%s/o/%s" % (bucket, object_name)
    ok, _ = yield from _allowed(connection, obj + "/acl")
    if ok:
        return level, ObjectPermissions.OWNER
    ok, _ = yield from _allowed(connection, obj)
    return level, ObjectPermissions.READER if ok else ObjectPermissions.NONE
