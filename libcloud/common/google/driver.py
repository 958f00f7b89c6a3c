"""The constructor the Google drivers share: ``(user_id, key, project=..., auth_type=..., scopes=...)``.

Google connections take ``auth_type`` where other connections take
``secure`` (upstream's signature), so the driver builds its connection with
keywords instead of ``BaseDriver``'s positional arguments.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from libcloud._core import debug
from libcloud.common.base import BaseDriver

__all__ = ["GoogleBaseDriver"]

_CONNECTION_KWARGS = ("timeout", "retry_delay", "backoff", "proxy_url")


class GoogleBaseDriver(BaseDriver):
    """Holds ``project``, ``auth_type``, ``scopes`` and ``credential_file`` and builds the Google connection."""

    #: Scopes used when the caller gives none (``scopes`` itself stays ``None``, as upstream).
    default_scopes: Optional[List[str]] = None

    def __init__(self, user_id: Optional[str] = None, key: Any = None, project: Optional[str] = None,
                 auth_type: Optional[str] = None, scopes: Optional[List[str]] = None,
                 credential_file: Optional[str] = None, secure: bool = True, host: Optional[str] = None,
                 port: Optional[int] = None, **kwargs: Any) -> None:
        #: Where the credentials came from: "explicit", or an Application Default Credentials source.
        self.credentials_source = "explicit"
        if user_id is None and key is None:
            # Where upstream needed a user id, use Application Default Credentials as Google's libraries do.
            from libcloud.common.google.adc import find_default_credentials

            found = find_default_credentials()
            user_id, key, self.credentials_source = found.user_id, found.key, found.source
            auth_type = auth_type or found.auth_type
            project = project or found.project
            if found.refresh_token:
                kwargs["refresh_token"] = found.refresh_token
        self.project = project
        self.auth_type = auth_type
        self.scopes = scopes
        self.credential_file = credential_file
        self.key, self.secret, self.secure = user_id, key, secure
        self.api_version = kwargs.pop("api_version", None)
        self.region = kwargs.pop("region", None)
        conn_kwargs: Dict[str, Any] = dict(self._ex_connection_class_kwargs() or {})
        for name in _CONNECTION_KWARGS:
            if name in kwargs:
                conn_kwargs[name] = kwargs.pop(name)
        conn_kwargs.update(kwargs)  # anything else is for the auth connection (e.g. ``sub``)
        if host is not None:
            conn_kwargs.setdefault("host", host)
        if port is not None:
            conn_kwargs.setdefault("port", port)
        connection_class: Any = self.connectionCls  # a Google connection: (user_id, key, secure=, auth_type=...)
        self.connection = connection_class(user_id, key, secure=secure, **conn_kwargs)
        self.connection.driver = self
        debug.register_secrets(self.connection, [key] if isinstance(key, str) else [])
        self.connection.connect()

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        """The Google keyword arguments every connection of the driver gets."""
        return {"auth_type": self.auth_type, "project": self.project,
                "scopes": self.scopes or self.default_scopes, "credential_file": self.credential_file}
