"""Which kind of Google credential a user id names (``GoogleAuthType``)."""

from __future__ import annotations

import os
import re
from typing import List, Optional, Tuple

__all__ = ["GoogleAuthType", "metadata_address"]

#: The GCE metadata server (``GCE_METADATA_HOST`` overrides it, as in Google's own clients).
METADATA_HOST = "metadata.google.internal"

def metadata_address() -> Tuple[str, int]:
    """``(host, port)`` of the metadata server (``GCE_METADATA_HOST`` may be ``host`` or ``host:port``)."""
    value = os.environ.get("GCE_METADATA_HOST", METADATA_HOST)
    host, _, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    return (host, int(port)) if port.isdigit() else (value, 80)


_HMAC_ACCESS_ID = re.compile(r"^GOOG[A-Z0-9]{16,57}$")


class GoogleAuthType:
    """The credential kinds: service account, installed application, GCE instance, GCS HMAC key."""

    SA = "SA"
    IA = "IA"
    GCE = "GCE"
    GCS_S3 = "GCS_S3"

    ALL_TYPES: List[str] = [SA, IA, GCE, GCS_S3]
    OAUTH2_TYPES: List[str] = [SA, IA, GCE]

    @classmethod
    def guess_type(cls, user_id: str) -> str:
        """The auth type that ``user_id`` most likely belongs to.

        Service-account e-mails and HMAC access ids are recognised by their
        form; an installed application's client id is assumed otherwise,
        unless we run on a GCE instance (asked of the metadata server only then).
        """
        if cls._is_sa(user_id):
            return cls.SA
        if cls._is_gcs_s3(user_id):
            return cls.GCS_S3
        if cls._is_installed_application(user_id):
            return cls.IA
        if cls._is_gce():
            return cls.GCE
        return cls.IA

    @classmethod
    def is_oauth2(cls, auth_type: str) -> bool:
        """Whether ``auth_type`` authenticates with OAuth2 bearer tokens."""
        return auth_type in cls.OAUTH2_TYPES

    @staticmethod
    def _is_sa(user_id: str) -> bool:
        return str(user_id).endswith(".gserviceaccount.com")

    @staticmethod
    def _is_gcs_s3(user_id: str) -> bool:
        return bool(_HMAC_ACCESS_ID.match(str(user_id)))

    @staticmethod
    def _is_installed_application(user_id: str) -> bool:
        return str(user_id).endswith(".apps.googleusercontent.com")

    @staticmethod
    def _is_gce() -> bool:
        """Whether this process runs on a GCE instance (its metadata server answers as Google)."""
        return _metadata_flavor() == "Google"


def _metadata_flavor(timeout: float = 1.0) -> Optional[str]:
    import http.client

    host, port = metadata_address()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            conn.request("GET", "/computeMetadata/v1/", headers={"Metadata-Flavor": "Google"})
            response = conn.getresponse()
            return response.getheader("Metadata-Flavor") if response.status == 200 else None
        finally:
            conn.close()
    except (OSError, http.client.HTTPException):
        return None
