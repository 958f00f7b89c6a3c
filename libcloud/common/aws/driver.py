"""``AWSDriver``: the base of every AWS driver, and where its credentials come from.

Explicit ``key``/``secret`` (and ``token``) behave exactly as upstream's; the
``AWS_*`` key variables come next; where upstream would have failed for want
of credentials, the AWS SDKs' chain is searched
(:mod:`libcloud.common.aws.credential_chain`).  ``ex_profile`` names a
profile of the shared files.
"""

from __future__ import annotations

import copy
import os
from typing import Any, Dict, Optional

from libcloud.common.aws.credentials import ENV_ACCESS_KEY, ENV_SECRET_KEY, resolve_credentials
from libcloud.common.aws.endpoints import load_regions
from libcloud.common.base import BaseDriver

__all__ = ["AWSDriver", "RegionalAWSDriver"]


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
            # (Imported here: the chain - profiles, STS, instance metadata - loads only when searched.)
            from libcloud.common.aws.credential_chain import RefreshingCredentials, find_credentials, resolve_now

            provider = find_credentials(profile=profile, region=region)
            refreshing = provider if isinstance(provider, RefreshingCredentials) else None
            creds = resolve_now(provider)
        self.token = creds.session_token
        #: Where the credentials came from ("explicit", "environment", "profile NAME", "instance-metadata"...).
        self.credentials_source = creds.source
        self._refreshing_credentials = refreshing
        #: How to look the credentials up again where a pickled copy lands (``None``: they were given).
        self._chain_lookup = (profile, region) if refreshing is not None else None
        super().__init__(creds.access_key, creds.secret_key, secure=secure, host=host, port=port,
                         api_version=api_version, region=region, **kwargs)
        if refreshing is not None:
            connection: Any = self.connection  # an AWSTokenConnection: it refreshes before each request
            connection.token_credential = refreshing.token_credential

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = dict(super()._ex_connection_class_kwargs())
        kwargs["token"] = self.token
        return kwargs

    # -- pickling: temporary credentials from the chain stay where they were fetched ---------------
    def __getstate__(self) -> Dict[str, Any]:
        """The driver's state; temporary credentials of the chain are left out (the copy fetches its own,
        as a worker process on another machine must: its role is its own)."""
        parent = getattr(super(), "__getstate__", None)
        state: Dict[str, Any] = dict(parent() if callable(parent) else self.__dict__)
        if state.get("_chain_lookup") is None:
            return state
        state.update(key=None, secret=None, token=None, _refreshing_credentials=None)
        connection = copy.copy(state["connection"])
        connection.__dict__.update(user_id=None, key=None, token=None, token_credential=None)
        signer = getattr(connection, "signer", None)
        if signer is not None:
            connection.signer = copy.copy(signer)
            connection.signer.__dict__.update(access_key=None, access_secret=None, connection=connection)
        state["connection"] = connection
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        """Restore the state and, for a driver of the chain, look its credentials up again here."""
        parent = getattr(super(), "__setstate__", None)
        if callable(parent):
            parent(state)
        else:
            self.__dict__.update(state)
        lookup = state.get("_chain_lookup")
        if lookup is None:
            return
        from libcloud.common.aws.credential_chain import RefreshingCredentials, find_credentials, resolve_now

        provider = find_credentials(profile=lookup[0], region=lookup[1])
        creds = resolve_now(provider)
        self.key, self.secret, self.token = creds.access_key, creds.secret_key, creds.session_token
        self.credentials_source = creds.source
        connection: Any = self.connection
        connection.user_id, connection.key, connection.token = self.key, self.secret, self.token
        if isinstance(provider, RefreshingCredentials):
            self._refreshing_credentials = provider
            connection.token_credential = provider.token_credential
        signer = getattr(connection, "signer", None)
        if signer is not None:
            signer.access_key, signer.access_secret = self.key, self.secret


class RegionalAWSDriver(AWSDriver):
    """An AWS driver bound to one region: ``Driver(key, secret, region="us-east-1", token=None)``.

    The host is the region's endpoint of :attr:`endpoint_service` (unless
    ``host`` is given) and requests are always signed with SigV4.
    """

    #: The first label of the regional endpoint host (``ec2``, ``elasticloadbalancing``...).
    endpoint_service: str = ""

    def __init__(self, access_id: Optional[str] = None, secret: Optional[str] = None, region: str = "us-east-1",
                 token: Optional[str] = None, **kwargs: Any) -> None:
        self.region = self.region_name = region
        known = load_regions().get(region)
        # A region this library does not know yet still gets the usual host.
        suffix = known.dns_suffix if known is not None else "amazonaws.com"
        kwargs.setdefault("host", "%s.%s.%s" % (self.endpoint_service, region, suffix))
        super().__init__(access_id, secret, token=token, region=region, **kwargs)
        self.region = region

    def _ex_connection_class_kwargs(self) -> Dict[str, Any]:
        kwargs = dict(super()._ex_connection_class_kwargs())
        # Always SigV4 (upstream chose it whenever a session token was given).
        kwargs["signature_version"] = "4"
        return kwargs


def _environment_has_keys() -> bool:
    return bool(os.environ.get(ENV_ACCESS_KEY) and os.environ.get(ENV_SECRET_KEY))
