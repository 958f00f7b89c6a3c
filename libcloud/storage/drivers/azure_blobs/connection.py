"""Connections to the Blob service, by Shared Key or by Azure AD token.

Azure proper names the account in the host (``account.blob.core.windows.net``);
Azurite and IoT Edge put it first in the path (``/account/container/blob``).
``account_prefix`` switches to the second form.  For Shared Key signing the
prefixed path is what gets signed, which is what the emulator expects
(``/account/account/container``).
"""

from __future__ import annotations

from typing import Any, Optional

from libcloud.common.azure import AzureActiveDirectoryConnection, AzureConnection
from libcloud.storage.drivers.azure_blobs.constants import API_VERSION

__all__ = ["AzureBlobsConnection", "AzureBlobsActiveDirectoryConnection"]


class _AccountPrefixMixin:
    account_prefix: Optional[str] = None

    def morph_action_hook(self, action: str) -> str:
        action = super().morph_action_hook(action)  # type: ignore[misc]
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
