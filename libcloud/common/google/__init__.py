"""Google Cloud plumbing shared by the GCE, Cloud Storage and Cloud DNS drivers.

Credentials (:class:`GoogleAuthType`, :class:`GoogleOAuth2Credential` and the
auth connections), the JSON connection with operation polling
(:class:`GoogleBaseConnection`) and the errors Google reports.  The token
refresh is the shared, single-flight mechanism of :mod:`libcloud.common.tokens`.

``_utcnow`` is looked up here at call time, so tests may patch it.
"""

from __future__ import annotations

import datetime

from libcloud.common.google.clock import utc_timestamp as _utc_timestamp
from libcloud.common.google.clock import utcnow as _utcnow_impl


def _utcnow() -> datetime.datetime:
    """The current UTC time (naive), the one place token code reads the clock."""
    return _utcnow_impl()


from libcloud.common.google.auth import (  # noqa: E402
    GoogleAuthResponse,
    GoogleBaseAuthConnection,
    GoogleGCEServiceAcctAuthConnection,
    GoogleInstalledAppAuthConnection,
    GoogleServiceAcctAuthConnection,
)
from libcloud.common.google.auth_type import GoogleAuthType  # noqa: E402
from libcloud.common.google.connection import GoogleBaseConnection, GoogleProjectConnection  # noqa: E402
from libcloud.common.google.credential import GoogleOAuth2Credential  # noqa: E402
from libcloud.common.google import errors  # noqa: E402
from libcloud.common.google.errors import *  # noqa: E402,F401,F403

__all__ = [
    "GoogleAuthType",
    *errors.__all__,
    "GoogleAuthResponse",
    "GoogleBaseAuthConnection",
    "GoogleServiceAcctAuthConnection",
    "GoogleInstalledAppAuthConnection",
    "GoogleGCEServiceAcctAuthConnection",
    "GoogleOAuth2Credential",
    "GoogleBaseConnection",
    "GoogleProjectConnection",
    "_utcnow",
    "_utc_timestamp",
]
