"""``AWSDriver``: the base of every AWS driver, and where its credentials come from.

Explicit ``key``/``secret`` (and ``token``) behave exactly as upstream's; the
``AWS_*`` key variables come next; where upstream would have failed for want
of credentials, the AWS SDKs' chain is searched
(:mod:`libcloud.common.aws.credential_chain`).  ``ex_profile`` names a
profile of the shared files.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from libcloud.common.aws.credential_chain import RefreshingCredentials, find_credentials, resolve_now
from libcloud.common.aws.credentials import ENV_ACCESS_KEY, ENV_SECRET_KEY, resolve_credentials
from libcloud.common.base import BaseDriver

__all__ = ["AWSDriver"]


class AWSDriver(BaseDriver):
    """A driver whose credentials may come from the environment and may carry an STS token."""

    def __init__(self, key: Optional[str] = None, secret: Optional[str] = None, secure: bool = True,
                 host: Optional[str] = None, port: Optional[int] = None, api_version: Optional[str] = None,
                 region: Optional[str] = None, token: Optional[str] = None, **kwargs: Any) -> None:
        refreshing = None
        profile: Optional[str] = kwargs.pop("ex_profile", None)
        if key or secret or (profile is None and _environment_has_keys()):
            creds = resolve_credentials(key, secret, token)
        else:
            # Where upstream would fail for want of credentials, look where the AWS SDKs look.
            provider = find_credentials(profile=profile, region=region)
            refreshing = provider if isinstance(provider, RefreshingCredentials) else None
            creds = resolve_now(provider)
        self.token = creds.session_token
        #: Where the credentials came from ("explicit", "environment", "profile NAME", "instance-metadata"...).
        self.credentials_source = creds.source
        self._refreshing_credentials = refreshing
        super().__init__(creds.access_key, creds.secret_key, secure=secure, host=host, port=port,
                         api_version=api_version, region=region, **kwargs)
        if refreshing is not None:
            connection: Any = self.connection  # an AWSTokenConnection: it refreshes before each request
            connection.token_credential = refreshing.token_credential

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = dict(super()._ex_connection_class_kwargs())
        kwargs["token"] = self.token
        return kwargs


def _environment_has_keys() -> bool:
    return bool(os.environ.get(ENV_ACCESS_KEY) and os.environ.get(ENV_SECRET_KEY))
