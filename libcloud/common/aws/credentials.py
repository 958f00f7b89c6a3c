"""Where AWS credentials come from: explicit arguments, else the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from libcloud.common.types import InvalidCredsError

__all__ = ["Credentials", "resolve_credentials", "expiry_timestamp", "ENV_ACCESS_KEY", "ENV_SECRET_KEY", "ENV_SESSION_TOKEN"]

ENV_ACCESS_KEY = "AWS_ACCESS_KEY_ID"
ENV_SECRET_KEY = "AWS_SECRET_ACCESS_KEY"
ENV_SESSION_TOKEN = "AWS_SESSION_TOKEN"

_MISSING_MESSAGE = (
    "No AWS credentials: pass key and secret to the driver, or set the environment variables "
    "%s and %s (and %s for temporary credentials)" % (ENV_ACCESS_KEY, ENV_SECRET_KEY, ENV_SESSION_TOKEN)
)


@dataclass(frozen=True)
class Credentials:
    """One set of AWS credentials; ``expires_at`` (epoch seconds) is set for temporary ones."""

    access_key: str
    secret_key: str = field(repr=False)
    session_token: Optional[str] = field(default=None, repr=False)
    source: str = "explicit"
    expires_at: Optional[float] = None


def resolve_credentials(key: Optional[str] = None, secret: Optional[str] = None, token: Optional[str] = None,
                        environ: Optional[Mapping[str, str]] = None) -> Credentials:
    """The credentials to sign with.

    Explicit ``key``/``secret`` win (a token only comes with them when passed
    too); otherwise both must be in the environment.  Half a pair is an error
    rather than a silent mix of sources.
    """
    env = os.environ if environ is None else environ
    if key or secret:
        if not (key and secret):
            missing = "secret" if key else "key"
            raise InvalidCredsError("AWS %s is missing: pass both key and secret" % missing)
        return Credentials(str(key), str(secret), token or None, "explicit")
    env_key, env_secret = env.get(ENV_ACCESS_KEY), env.get(ENV_SECRET_KEY)
    if env_key and env_secret:
        return Credentials(env_key, env_secret, token or env.get(ENV_SESSION_TOKEN) or None, "environment")
    raise InvalidCredsError(_MISSING_MESSAGE)


def expiry_timestamp(value: Any) -> Optional[float]:
    """Epoch seconds of an ISO 8601 expiry as AWS writes it (``None`` when there is none)."""
    if not value:
        return None
    from libcloud.utils.iso8601 import parse_date  # only temporary credentials carry an expiry (import time)

    moment = parse_date(str(value))
    return moment.timestamp() if moment is not None else None
