"""Application Default Credentials: what the Google drivers use when given no credentials.

The order is Google's own client libraries' order:

1. ``GOOGLE_APPLICATION_CREDENTIALS``: a service account key file
   (``"type": "service_account"``) or a user's refresh token
   (``"type": "authorized_user"``, what ``gcloud auth application-default login``
   writes);
2. gcloud's ADC file, ``$CLOUDSDK_CONFIG/application_default_credentials.json``
   (``~/.config/gcloud/...`` by default);
3. the GCE metadata server, when this process runs on Google Cloud.

The project comes from ``GOOGLE_CLOUD_PROJECT`` (or ``CLOUDSDK_CORE_PROJECT``),
else the key file's ``project_id`` / ``quota_project_id``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from libcloud.common.google.auth_type import GoogleAuthType
from libcloud.common.google.errors import GoogleAuthError
from libcloud.utils.files import warn_if_readable_by_others

__all__ = ["DefaultCredentials", "find_default_credentials", "gcloud_adc_path"]

ENV_CREDENTIALS = "GOOGLE_APPLICATION_CREDENTIALS"
ENV_PROJECTS = ("GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "GCLOUD_PROJECT")


@dataclass(frozen=True)
class DefaultCredentials:
    """What the driver is built with: upstream's ``(user_id, key, auth_type)`` and where they came from."""

    user_id: str
    key: Any = field(repr=False)
    auth_type: str
    project: Optional[str]
    source: str
    #: A user's long-lived refresh token (``authorized_user`` files): exchanged for access tokens.
    refresh_token: Optional[str] = field(default=None, repr=False)


def gcloud_adc_path(environ: Mapping[str, str]) -> str:
    """Where ``gcloud auth application-default login`` writes its file."""
    config = environ.get("CLOUDSDK_CONFIG")
    if not config:
        home = environ.get("HOME") or os.path.expanduser("~")
        config = os.path.join(home, ".config", "gcloud")
    return os.path.join(config, "application_default_credentials.json")


def _project(environ: Mapping[str, str], document: Mapping[str, Any]) -> Optional[str]:
    for name in ENV_PROJECTS:
        if environ.get(name):
            return environ[name]
    value = document.get("project_id") or document.get("quota_project_id")
    return str(value) if value else None


def _from_file(path: str, environ: Mapping[str, str], source: str) -> DefaultCredentials:
    warn_if_readable_by_others(os.path.expanduser(path), stacklevel=5)
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as handle:
            document: Dict[str, Any] = json.load(handle)
    except OSError as exc:
        raise GoogleAuthError("%s: cannot read %s (%s)" % (source, path, exc.strerror or type(exc).__name__)) from None
    except ValueError:
        raise GoogleAuthError("%s: %s is not JSON" % (source, path)) from None
    kind = document.get("type") if isinstance(document, dict) else None
    project = _project(environ, document)
    if kind == "service_account" and document.get("client_email"):
        return DefaultCredentials(str(document["client_email"]), os.path.expanduser(path), GoogleAuthType.SA,
                                  project, "%s (service account)" % source)
    if kind == "authorized_user" and document.get("refresh_token") and document.get("client_id"):
        return DefaultCredentials(str(document["client_id"]), str(document.get("client_secret", "")),
                                  GoogleAuthType.IA, project, "%s (user)" % source,
                                  refresh_token=str(document["refresh_token"]))
    raise GoogleAuthError("%s: %s holds credentials of type %r, which libcloud cannot use; use a service "
                          "account key or an authorized_user file" % (source, path, kind))


class _Skip(Exception):
    """This place has no credentials (the reason goes into the final error)."""


def find_default_credentials(environ: Optional[Mapping[str, str]] = None,
                             on_gce: Optional[Callable[[], bool]] = None) -> DefaultCredentials:
    """The Application Default Credentials (see the module docstring), or a ``GoogleAuthError`` naming
    every place looked at and why it had nothing."""
    env = os.environ if environ is None else environ
    tried: List[Tuple[str, str]] = []

    def from_env() -> DefaultCredentials:
        path = env.get(ENV_CREDENTIALS)
        if not path:
            raise _Skip("not set")
        return _from_file(path, env, ENV_CREDENTIALS)

    def from_gcloud() -> DefaultCredentials:
        path = gcloud_adc_path(env)
        if not os.path.isfile(path):
            raise _Skip("%s does not exist" % path)
        return _from_file(path, env, "gcloud ADC file")

    def from_metadata() -> DefaultCredentials:
        if env.get("NO_GCE_CHECK", "").lower() in ("1", "true"):
            raise _Skip("NO_GCE_CHECK is set")
        check = on_gce or GoogleAuthType._is_gce
        if not check():
            raise _Skip("no metadata server answered as Google")
        return DefaultCredentials("default", None, GoogleAuthType.GCE, _project(env, {}), "GCE metadata server")

    for name, source in (("GOOGLE_APPLICATION_CREDENTIALS", from_env), ("gcloud ADC file", from_gcloud),
                         ("metadata server", from_metadata)):
        try:
            return source()
        except _Skip as skip:
            tried.append((name, str(skip)))
    raise GoogleAuthError("No Google credentials found. Pass user_id and key to the driver, or set up "
                          "Application Default Credentials. Tried, in order: "
                          + "; ".join("%s: %s" % entry for entry in tried))
