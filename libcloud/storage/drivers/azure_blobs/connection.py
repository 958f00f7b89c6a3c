"""Connections to the Blob service, by Shared Key or by Azure AD token.

Azure proper names the account in the host (``account.blob.core.windows.net``);
Azurite and IoT Edge put it first in the path (``/account/container/blob``).
``account_prefix`` switches to the second form.  For Shared Key signing the
prefixed path is what gets signed, which is what the emulator expects
(``/account/account/container``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl

from libcloud._core import debug
from libcloud._core.request import PreparedRequest
from libcloud.common.azure import (
    AzureActiveDirectoryConnection,
    AzureConnection,
    AzureRawResponse,
    AzureResponse,
    _AzureSigningMixin,
)
from libcloud.common.base import Connection, ConnectionUserAndKey
from libcloud.storage.drivers.azure_blobs.constants import API_VERSION

__all__ = ["AzureBlobsConnection", "AzureBlobsActiveDirectoryConnection", "AzureBlobsSasConnection",
           "parse_sas_token"]


if TYPE_CHECKING:
    # The mixin always sits before a connection class; declare that base for the type checker only.
    _ConnectionBase = Connection
else:
    _ConnectionBase = object


class _AccountPrefixMixin(_ConnectionBase):
    account_prefix: Optional[str] = None

    def morph_action_hook(self, action: str) -> str:
        action = super().morph_action_hook(action)
        if self.account_prefix is not None and not action.startswith("http"):
            action = "/%s%s" % (self.account_prefix, action)
        return action


class AzureBlobsConnection(_AccountPrefixMixin, AzureConnection):
    """A Shared Key connection to one storage account.

    :param account_prefix: the account name when it goes in the path
        (Azurite, IoT Edge); ``None`` when the host names the account.
    """

    API_VERSION = API_VERSION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.account_prefix = kwargs.pop("account_prefix", None)
        super().__init__(*args, **kwargs)


class AzureBlobsActiveDirectoryConnection(_AccountPrefixMixin, AzureActiveDirectoryConnection):
    """An Azure AD (client credentials) connection to one storage account."""

    API_VERSION = API_VERSION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.account_prefix = kwargs.pop("account_prefix", None)
        super().__init__(*args, **kwargs)


def parse_sas_token(token: str) -> List[Tuple[str, str]]:
    """The query parameters of a shared access signature (``sv=...&sig=...``, with or without ``?``).

    ``ValueError`` when it has no signature: a URL or an account key given by
    mistake must not be sent as a query string.
    """
    pairs = parse_qsl(token.strip().lstrip("?"), keep_blank_values=True)
    if not any(name == "sig" for name, _ in pairs):
        raise ValueError("not a shared access signature (no sig= parameter): pass the SAS token's query string")
    return pairs


class AzureBlobsSasConnection(_AccountPrefixMixin, _AzureSigningMixin, ConnectionUserAndKey):
    """A connection authorised by a shared access signature: its parameters go into every request's query.

    Nothing else authorises the request (no ``Authorization`` header); the
    SAS is masked in the debug log like any secret.
    """

    API_VERSION = API_VERSION
    responseCls = AzureResponse
    rawResponseCls = AzureRawResponse

    def __init__(self, key: str, secret: str, *args: Any, **kwargs: Any) -> None:
        self.account_prefix = kwargs.pop("account_prefix", None)
        self.sas_params = parse_sas_token(secret)
        super().__init__(key, secret, *args, **kwargs)
        debug.register_secrets(self, [value for name, value in self.sas_params if name == "sig"] + [secret])

    def add_default_headers(self, headers: Dict[str, Any]) -> Dict[str, Any]:
        return self._azure_headers(headers)

    def sign_request(self, request: PreparedRequest) -> PreparedRequest:
        """Add the SAS parameters to the final query (the request's own parameters win on a clash)."""
        params = dict(self.sas_params)
        params.update(request.params)
        request.replace_params(params)
        return self._finish(super().sign_request(request))
