"""``GoogleOAuth2Credential``: a Google token, cached in a file, refreshed single-flight.

It is a :class:`~libcloud.common.tokens.TokenCredential` whose source is one
of the auth connections; ``token`` is the token as Google's clients keep it
(a dict with ``access_token`` and ``expire_time``), stored in
``~/.google_libcloud_auth`` with 0600 permissions so a new process does not
sign in again.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Dict, List, Optional, Type

from libcloud._core import debug
from libcloud._core.flow import Flow, run_sync
from libcloud.common.google import clock
from libcloud.common.google.auth import (
    GoogleBaseAuthConnection,
    GoogleGCEServiceAcctAuthConnection,
    GoogleInstalledAppAuthConnection,
    GoogleServiceAcctAuthConnection,
)
from libcloud.common.google.auth_type import GoogleAuthType
from libcloud.common.google.errors import GoogleAuthError
from libcloud.common.tokens import AccessToken, TokenCredential

__all__ = ["GoogleOAuth2Credential"]

_AUTH_CONNECTIONS: Dict[str, Type[GoogleBaseAuthConnection]] = {
    GoogleAuthType.SA: GoogleServiceAcctAuthConnection,
    GoogleAuthType.IA: GoogleInstalledAppAuthConnection,
    GoogleAuthType.GCE: GoogleGCEServiceAcctAuthConnection,
}


def _access_token(info: Dict[str, Any]) -> AccessToken:
    expires_at = None
    if info.get("expire_time"):
        expires_at = clock.epoch_seconds(clock.from_utc_timestamp(str(info["expire_time"])))
    return AccessToken(str(info.get("access_token", "")), expires_at, "Bearer", info)


class GoogleOAuth2Credential(TokenCredential):
    """The OAuth2 credential of a service account, an installed application or a GCE instance.

    ``auth_url`` (ours) sends the token requests to another endpoint than
    ``https://accounts.google.com``, e.g. a test server.
    """

    default_credential_file = "~/.google_libcloud_auth"

    def __init__(self, user_id: str, key: Any, auth_type: Optional[str] = None,
                 credential_file: Optional[str] = None, scopes: Optional[List[str]] = None,
                 **kwargs: Any) -> None:
        self.auth_type = auth_type or GoogleAuthType.guess_type(user_id)
        if self.auth_type not in GoogleAuthType.ALL_TYPES:
            raise GoogleAuthError("Invalid auth type: %s" % (self.auth_type,))
        if not GoogleAuthType.is_oauth2(self.auth_type):
            raise GoogleAuthError("Auth type %s is not an OAuth2 auth type" % (self.auth_type,))
        self.user_id = user_id
        self.key = key
        self.scopes = scopes
        self.credential_file = os.path.expanduser(credential_file or self.default_credential_file)
        if isinstance(key, str):
            debug.register_secrets(self, [key])
        if kwargs.get("auth_url"):  # another token endpoint (an emulator, a test server)
            kwargs["url"] = kwargs.pop("auth_url")
        kwargs.pop("auth_url", None)
        refresh_token: Optional[str] = kwargs.pop("refresh_token", None)
        #: Application Default Credentials of a user (a refresh token from gcloud's file) are not cached in
        #: the token file: that file may hold another identity's token, and the refresh token is already kept.
        self._persist = refresh_token is None
        self.oauth2_conn = _AUTH_CONNECTIONS[self.auth_type](user_id, key, scopes=scopes, **kwargs)
        super().__init__(self._fetch_token, clock=clock.now_epoch)
        if refresh_token is not None:
            debug.register_secrets(self.oauth2_conn, [refresh_token])
            self.token = {"access_token": "", "expire_time": "1970-01-01T00:00:00Z",
                          "refresh_token": refresh_token}
            self._refresh_token()
            return
        token = self._get_token_from_file()
        if token is not None:
            self.token = token
        else:
            self.token = self.oauth2_conn.get_new_token()
            self._write_token_to_file()

    # -- the token in Google's dict form ------------------------------------------------------
    @property
    def token(self) -> Optional[Dict[str, Any]]:
        """The current token: Google's answer plus ``expire_time``."""
        current = self.current
        return current.extras if current is not None else None

    @token.setter
    def token(self, info: Optional[Dict[str, Any]]) -> None:
        self.current = _access_token(dict(info)) if info else None

    @property
    def token_expire_utc_datetime(self) -> Any:
        """When the token expires (naive UTC datetime)."""
        info = self.token or {}
        return clock.from_utc_timestamp(info["expire_time"])

    @property
    def access_token(self) -> str:
        """The token to send, refreshed first if it has (nearly) expired."""
        if self.needs_refresh():
            self._refresh_token()
        return str((self.token or {}).get("access_token"))

    def _refresh_token(self) -> None:
        run_sync(self.token_flow(rejected=self.current))

    def _fetch_token(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        if previous is not None:
            info = yield from self.oauth2_conn.refresh_token_flow(previous.extras)
        else:
            info = yield from self.oauth2_conn.get_new_token_flow()
        token = _access_token(info)
        self.current = token
        self._write_token_to_file()
        return token

    # -- the token file -------------------------------------------------------------------------
    def _get_token_from_file(self) -> Optional[Dict[str, Any]]:
        """The token saved by an earlier run, if the file exists and holds one."""
        try:
            with open(self.credential_file) as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or "access_token" not in data or "expire_time" not in data:
            return None
        return data

    def _write_token_to_file(self) -> None:
        """Save the token for later runs: readable by the user only, replaced atomically."""
        if self.token is None or not getattr(self, "_persist", True):
            return
        directory = os.path.dirname(self.credential_file) or "."
        try:
            fd, path = tempfile.mkstemp(prefix=".google_libcloud_auth.", dir=directory)
        except OSError:
            return  # a read-only home only costs a sign-in next time
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump(self.token, handle)
            os.replace(path, self.credential_file)
        except OSError:
            try:
                os.unlink(path)
            except OSError:
                pass

    def __repr__(self) -> str:
        return "<GoogleOAuth2Credential %s for %r, token=%r>" % (self.auth_type, self.user_id, self.current)
