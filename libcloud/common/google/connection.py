"""``GoogleBaseConnection``: Google's JSON APIs with an OAuth2 bearer token, and operation polling."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from libcloud.common.base import ConnectionUserAndKey, PollingConnection
from libcloud.common.google.credential import GoogleOAuth2Credential
from libcloud.common.google.errors import GoogleResponse
from libcloud.common.tokens import TokenAuthMixin, TokenCredential

__all__ = ["GoogleBaseConnection", "GoogleProjectConnection"]

_CONNECTION_KWARGS = ("secure", "host", "port", "url", "timeout", "proxy_url", "backoff", "retry_delay")


class GoogleBaseConnection(TokenAuthMixin, ConnectionUserAndKey, PollingConnection):
    """A connection to ``www.googleapis.com``; long operations are polled until ``DONE``."""

    host = "www.googleapis.com"
    responseCls = GoogleResponse
    poll_interval = 2.0
    timeout = 180

    def __init__(self, user_id: str, key: Any = None, auth_type: Optional[str] = None,
                 credential_file: Optional[str] = None, scopes: Optional[List[str]] = None,
                 **kwargs: Any) -> None:
        conn_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in _CONNECTION_KWARGS}
        conn_kwargs = {k: v for k, v in conn_kwargs.items() if v is not None}
        self.project = kwargs.pop("project", None)
        super().__init__(user_id, key, **conn_kwargs)
        self.scopes = scopes
        # The token endpoint goes through the same proxy, with the same patience.
        kwargs.update({k: conn_kwargs[k] for k in ("timeout", "proxy_url") if k in conn_kwargs})
        self.oauth2_credential: Any = GoogleOAuth2Credential(user_id, key, auth_type, credential_file, scopes,
                                                             **kwargs)

    @property
    def token_credential(self) -> Optional[TokenCredential]:  # type: ignore[override]  # upstream's name
        """The OAuth2 credential (the shared token mechanism refreshes it)."""
        credential = self.oauth2_credential
        return credential if isinstance(credential, TokenCredential) else None

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        """JSON content and the API host."""
        headers["Content-Type"] = "application/json"
        headers["Host"] = self.host
        return headers

    def pre_connect_hook(self, params: Dict[str, Any], headers: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """The bearer token (``request_flow`` already made sure it is fresh)."""
        headers["Authorization"] = "Bearer %s" % (self.oauth2_credential.access_token,)
        return params, headers

    def encode_data(self, data: Any) -> Any:
        """Request bodies are JSON."""
        if isinstance(data, (str, bytes, bytearray)):
            return data
        return json.dumps(data)

    def has_completed(self, response: Any) -> bool:
        """Whether a polled operation is ``DONE``."""
        return bool(response.object.get("status") == "DONE")

    def get_poll_request_kwargs(self, response: Any, context: Any, request_kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """Poll the operation at its ``selfLink``."""
        return {"action": response.object["selfLink"]}

    def morph_action_hook(self, action: str) -> str:
        """Full Google URLs keep their path (and query); relative actions go under ``request_path``."""
        if action.startswith("https://") or action.startswith("http://"):
            parts = urlsplit(action)
            return parts.path + ("?" + parts.query if parts.query else "")
        return super().morph_action_hook(action)


class GoogleProjectConnection(GoogleBaseConnection):
    """A Google API whose paths sit under one project, with upstream's positional arguments.

    ``(user_id, key, secure, auth_type, credential_file, project)``; relative
    actions go under :attr:`project_path` with the project filled in.
    """

    #: ``request_path`` with ``%s`` standing for the project (``"/dns/v1/projects/%s"``).
    project_path = "/projects/%s"

    def __init__(self, user_id: str, key: Any = None, secure: bool = True, auth_type: Optional[str] = None,
                 credential_file: Optional[str] = None, project: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(user_id, key, auth_type=auth_type, credential_file=credential_file, secure=secure,
                         project=project, **kwargs)
        self.request_path = self.project_path % (self.project,)
