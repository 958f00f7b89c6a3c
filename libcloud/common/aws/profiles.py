"""The AWS shared files: ``~/.aws/credentials`` and ``~/.aws/config``, as the AWS CLI and SDKs read them.

A profile's settings come from both files: ``[name]`` in the credentials
file and ``[profile name]`` (``[default]`` for the default profile) in the
config file; the credentials file wins where both set a key.  The paths move
with ``AWS_SHARED_CREDENTIALS_FILE`` / ``AWS_CONFIG_FILE`` and the profile
with ``AWS_PROFILE`` (or ``AWS_DEFAULT_PROFILE``).
"""

from __future__ import annotations

import configparser
import os
from typing import Dict, Mapping, Optional, Tuple

from libcloud.utils.files import LooseCredentialFileWarning, warn_if_readable_by_others

__all__ = ["profile_name", "shared_file_paths", "load_profile", "LooseCredentialFileWarning"]

DEFAULT_PROFILE = "default"


def profile_name(environ: Mapping[str, str], explicit: Optional[str] = None) -> str:
    """The profile to read: the one asked for, else ``AWS_PROFILE``/``AWS_DEFAULT_PROFILE``, else ``default``."""
    return explicit or environ.get("AWS_PROFILE") or environ.get("AWS_DEFAULT_PROFILE") or DEFAULT_PROFILE


def shared_file_paths(environ: Mapping[str, str]) -> Tuple[str, str]:
    """``(credentials file, config file)``, after the environment's overrides and ``~`` expansion."""
    home = environ.get("HOME") or os.path.expanduser("~")
    credentials = environ.get("AWS_SHARED_CREDENTIALS_FILE") or os.path.join(home, ".aws", "credentials")
    config = environ.get("AWS_CONFIG_FILE") or os.path.join(home, ".aws", "config")
    return _expand(credentials, home), _expand(config, home)


def _expand(path: str, home: str) -> str:
    return home + path[1:] if path.startswith("~") else path


def _read(path: str) -> Optional[configparser.RawConfigParser]:
    if not os.path.isfile(path):
        return None
    _warn_if_loose(path)
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        # A file the SDKs cannot read either: say which one, never its contents.
        raise ValueError("%s is not a valid AWS shared file: %s" % (path, type(exc).__name__)) from None
    return parser


def _warn_if_loose(path: str) -> None:
    warn_if_readable_by_others(path, stacklevel=5)


def load_profile(name: str, environ: Mapping[str, str]) -> Optional[Dict[str, str]]:
    """The merged settings of profile ``name`` (``None`` when neither file has it)."""
    credentials_path, config_path = shared_file_paths(environ)
    settings: Dict[str, str] = {}
    found = False
    config = _read(config_path)
    if config is not None:
        section = name if name == DEFAULT_PROFILE else "profile %s" % name
        for candidate in (section, name):  # some files name non-default profiles without the prefix
            if config.has_section(candidate):
                settings.update(config.items(candidate))
                found = True
                break
    credentials = _read(credentials_path)
    if credentials is not None and credentials.has_section(name):
        settings.update(credentials.items(name))
        found = True
    return settings if found else None
