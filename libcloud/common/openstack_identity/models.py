"""Keystone's objects (versions, domains, projects, roles, users) and the authentication cache."""

from __future__ import annotations

from dataclasses import dataclass
import datetime
from collections import namedtuple
from typing import Any, Dict, List, Optional

__all__ = [
    "OpenStackIdentityTokenScope",
    "OpenStackIdentityVersion",
    "OpenStackIdentityDomain",
    "OpenStackIdentityProject",
    "OpenStackIdentityRole",
    "OpenStackIdentityUser",
    "OpenStackAuthenticationCache",
    "OpenStackAuthenticationCacheKey",
    "OpenStackAuthenticationContext",
]


class OpenStackIdentityTokenScope:
    """What a v3 token is scoped to: a project, a domain, or nothing."""

    PROJECT = "project"
    DOMAIN = "domain"
    UNSCOPED = "unscoped"


class _Model:
    """Plain value objects: equal when their fields are, with a readable repr."""

    _fields: tuple = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __repr__(self) -> str:
        inner = ", ".join("%s=%s" % (name, getattr(self, name)) for name in self._fields)
        return "<%s %s>" % (type(self).__name__, inner)


@dataclass(eq=False, repr=False)
class OpenStackIdentityVersion(_Model):
    """An Identity API version a Keystone serves (``v3.0``) and its URL."""

    _fields = ("version", "status", "updated", "url")

    version: str
    status: Optional[str]
    updated: Optional[str]
    url: Optional[str]


@dataclass(eq=False, repr=False)
class OpenStackIdentityDomain(_Model):
    """A Keystone domain."""

    _fields = ("id", "name", "enabled")

    id: str
    name: str
    enabled: Optional[bool]


@dataclass(eq=False, repr=False)
class OpenStackIdentityProject(_Model):
    """A Keystone project (a tenant in v2.0 terms)."""

    _fields = ("id", "name", "description", "enabled", "domain_id")

    id: str
    name: str
    description: Optional[str]
    enabled: Optional[bool]
    domain_id: Optional[str] = None


@dataclass(eq=False, repr=False)
class OpenStackIdentityRole(_Model):
    """A Keystone role."""

    _fields = ("id", "name", "description", "enabled")

    id: str
    name: str
    description: Optional[str]
    enabled: Optional[bool]


@dataclass(eq=False, repr=False)
class OpenStackIdentityUser(_Model):
    """A Keystone user."""

    _fields = ("id", "domain_id", "name", "email", "description", "enabled")

    id: str
    domain_id: Optional[str]
    name: str
    email: Optional[str]
    description: Optional[str]
    enabled: Optional[bool]


#: What a cached token is filed under: who logged in where, with which scope.
OpenStackAuthenticationCacheKey = namedtuple(
    "OpenStackAuthenticationCacheKey",
    ["auth_url", "user_id", "token_scope", "tenant_name", "domain_name", "tenant_domain_id"],
)


@dataclass(eq=False, repr=False)
class OpenStackAuthenticationContext:
    """What a login produced: the token, its expiry, the user, roles and the catalog."""

    token: str
    expiration: Optional[datetime.datetime] = None
    user: Optional[Dict[str, Any]] = None
    roles: Optional[List[Any]] = None
    urls: Any = None

    def __repr__(self) -> str:
        # Never the token itself.
        return "<OpenStackAuthenticationContext expiration=%s>" % (self.expiration,)


class OpenStackAuthenticationCache:
    """Where tokens are kept between driver instances (subclass it: memory, a file, memcached...).

    The base class caches nothing.
    """

    def get(self, key: OpenStackAuthenticationCacheKey) -> Optional[OpenStackAuthenticationContext]:
        """The context filed under ``key``, or ``None``."""
        raise NotImplementedError

    def put(self, key: OpenStackAuthenticationCacheKey, context: OpenStackAuthenticationContext) -> None:
        """File ``context`` under ``key``."""
        raise NotImplementedError

    def clear(self, key: OpenStackAuthenticationCacheKey) -> None:
        """Forget the context filed under ``key``."""
        raise NotImplementedError
