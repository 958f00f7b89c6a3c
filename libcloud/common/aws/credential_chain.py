"""The AWS credential chain: where credentials come from when the driver is given none.

The order is the AWS SDKs' order, so code moved from boto3 finds the same
credentials:

1. the environment (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` / ``AWS_SESSION_TOKEN``);
2. the profile (``AWS_PROFILE``, else ``default``) of the shared files: ``role_arn`` with
   ``source_profile`` or ``credential_source`` (STS ``AssumeRole``), ``role_arn`` with
   ``web_identity_token_file``, static keys, ``credential_process``;
3. web identity from the environment (``AWS_WEB_IDENTITY_TOKEN_FILE`` + ``AWS_ROLE_ARN``, as on EKS);
4. the container endpoint (``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`` / ``_FULL_URI``: ECS, EKS Pod Identity);
5. the EC2 instance metadata service, IMDSv2 only (off with ``AWS_EC2_METADATA_DISABLED=true``).

Temporary credentials are a :class:`RefreshingCredentials`: a
:class:`~libcloud.common.tokens.TokenCredential` whose "token" is the key
triple, refreshed before it expires, single-flight across threads and tasks.
When no source has credentials, :class:`CredentialsNotFoundError` lists every
source tried and why it was passed over.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from typing import Any, Callable, List, Mapping, Optional, Tuple, Union

from libcloud._core import debug
from libcloud._core.flow import Flow
from libcloud.common.aws import metadata, sts
from libcloud.common.aws.credentials import ENV_ACCESS_KEY, ENV_SECRET_KEY, ENV_SESSION_TOKEN, Credentials, expiry_timestamp
from libcloud.common.aws.profiles import load_profile, profile_name
from libcloud.common.tokens import AccessToken, TokenCredential
from libcloud.common.types import InvalidCredsError

__all__ = ["CredentialsNotFoundError", "RefreshingCredentials", "CredentialProvider", "find_credentials",
           "run_credential_process", "resolve_now"]

#: Refresh temporary credentials this long before they expire (the SDKs use 5 to 15 minutes).
REFRESH_MARGIN = 300.0
CREDENTIAL_PROCESS_TIMEOUT = 60.0

FetchCredentials = Callable[[], Flow[Credentials]]


class CredentialsNotFoundError(InvalidCredsError):
    """No source of the chain had credentials; the message lists each source and why it was skipped."""

    def __init__(self, attempts: List[Tuple[str, str]]) -> None:
        lines = "; ".join("%s: %s" % attempt for attempt in attempts)
        super().__init__("No AWS credentials found. Pass key and secret to the driver, or provide them one "
                         "of the ways the AWS SDKs read them. Tried, in order: " + lines)
        self.attempts = attempts


def _as_token(credentials: Credentials) -> AccessToken:
    extras = {"access_key": credentials.access_key, "secret_key": credentials.secret_key,
              "session_token": credentials.session_token, "source": credentials.source}
    return AccessToken(credentials.session_token or credentials.access_key, credentials.expires_at, "AWS", extras)


def _from_token(token: AccessToken) -> Credentials:
    extras = token.extras
    return Credentials(extras["access_key"], extras["secret_key"], extras.get("session_token"),
                       extras.get("source", "refreshing"), token.expires_at)


class RefreshingCredentials:
    """Temporary credentials, fetched again (once for all waiters) shortly before they expire."""

    def __init__(self, fetch: FetchCredentials, source: str, initial: Optional[Credentials] = None) -> None:
        self.source = source
        self._fetch = fetch
        self.token_credential = TokenCredential(self._fetch_token, refresh_margin=REFRESH_MARGIN,
                                                token=_as_token(initial) if initial is not None else None)

    def _fetch_token(self, previous: Optional[AccessToken]) -> Flow[AccessToken]:
        credentials = yield from self._fetch()
        return _as_token(credentials)

    def get(self) -> Credentials:
        """Usable credentials (fetched now if the cached ones are missing or about to expire)."""
        return _from_token(self.token_credential.get_token())

    def current(self) -> Optional[Credentials]:
        """The cached credentials, fresh or not (no I/O)."""
        token = self.token_credential.current
        return _from_token(token) if token is not None else None

    def __repr__(self) -> str:
        return "<RefreshingCredentials source=%r>" % (self.source,)


CredentialProvider = Union[Credentials, RefreshingCredentials]


class _Skip(Exception):
    """This source has no credentials here (the reason goes into the final error)."""


class _Chain:
    """One lookup: the environment, the profile name and the region it runs with."""

    def __init__(self, environ: Mapping[str, str], profile: Optional[str], region: Optional[str]) -> None:
        self.environ = environ
        self.profile_asked = profile or environ.get("AWS_PROFILE") or environ.get("AWS_DEFAULT_PROFILE")
        self.profile = profile_name(environ, profile)
        #: A profile named by the caller (not by the environment) is used instead of the key variables.
        self.profile_explicit = profile is not None
        self.region = region
        self.attempts: List[Tuple[str, str]] = []

    def find(self) -> CredentialProvider:
        sources: List[Tuple[str, Callable[[], CredentialProvider]]] = [
            ("environment", self._environment),
            ("profile %r" % self.profile, self._profile),
            ("web identity (environment)", self._web_identity_env),
            ("container endpoint", self._container),
            ("instance metadata (IMDSv2)", self._instance_metadata),
        ]
        for name, source in sources:
            try:
                return source()
            except _Skip as skip:
                self.attempts.append((name, str(skip)))
        raise CredentialsNotFoundError(self.attempts)

    # -- the sources ---------------------------------------------------------------
    def _environment(self) -> CredentialProvider:
        if self.profile_explicit:
            raise _Skip("a profile was named, so the key variables are not used")
        key, secret = self.environ.get(ENV_ACCESS_KEY), self.environ.get(ENV_SECRET_KEY)
        if key and secret:
            return Credentials(key, secret, self.environ.get(ENV_SESSION_TOKEN) or None, "environment")
        if key or secret:
            raise _Skip("only one of %s and %s is set" % (ENV_ACCESS_KEY, ENV_SECRET_KEY))
        raise _Skip("%s and %s are not set" % (ENV_ACCESS_KEY, ENV_SECRET_KEY))

    def _profile(self) -> CredentialProvider:
        settings = load_profile(self.profile, self.environ)
        if settings is None:
            if self.profile_asked:  # a profile named on purpose must exist, as with the AWS CLI
                raise CredentialsNotFoundError(self.attempts + [("profile %r" % self.profile,
                                                                 "not found in the shared files")])
            raise _Skip("no such profile in the shared credentials/config files")
        return self._from_profile(self.profile, settings, depth=0)

    def _from_profile(self, name: str, settings: Mapping[str, str], depth: int) -> CredentialProvider:
        if depth > 4:
            raise InvalidCredsError("profile %r: source_profile chain is longer than 4 (a loop?)" % name)
        region = settings.get("region") or self.region
        role_arn = settings.get("role_arn")
        if role_arn and settings.get("web_identity_token_file"):
            return self._web_identity(role_arn, settings["web_identity_token_file"],
                                      settings.get("role_session_name"), "profile %s: web identity" % name)
        if role_arn:
            source = self._role_source(name, settings, depth)
            return self._assume_role(role_arn, source, settings, region, "profile %s: assume role" % name)
        key, secret = settings.get("aws_access_key_id"), settings.get("aws_secret_access_key")
        if key and secret:
            return Credentials(key, secret, settings.get("aws_session_token") or None, "profile %s" % name)
        if settings.get("credential_process"):
            return self._credential_process(settings["credential_process"], "profile %s: process" % name)
        raise _Skip("profile %r has no keys, role_arn or credential_process" % name)

    def _role_source(self, name: str, settings: Mapping[str, str], depth: int) -> CredentialProvider:
        source_profile = settings.get("source_profile")
        if source_profile:
            if source_profile == name and settings.get("aws_access_key_id"):
                return Credentials(settings["aws_access_key_id"], settings.get("aws_secret_access_key", ""),
                                   settings.get("aws_session_token") or None, "profile %s" % name)
            source_settings = load_profile(source_profile, self.environ)
            if source_settings is None:
                raise InvalidCredsError("profile %r: source_profile %r not found" % (name, source_profile))
            return self._from_profile(source_profile, source_settings, depth + 1)
        origin = (settings.get("credential_source") or "").lower()
        try:
            if origin == "environment":
                return self._environment()
            if origin == "ecscontainer":
                return self._container()
            if origin == "ec2instancemetadata":
                return self._instance_metadata()
        except _Skip as skip:
            raise InvalidCredsError("profile %r: credential_source %s has nothing: %s" % (name, origin, skip)) from None
        raise InvalidCredsError("profile %r has role_arn but neither source_profile nor a known "
                                "credential_source (Environment, EcsContainer, Ec2InstanceMetadata)" % name)

    def _web_identity_env(self) -> CredentialProvider:
        token_file, role_arn = self.environ.get("AWS_WEB_IDENTITY_TOKEN_FILE"), self.environ.get("AWS_ROLE_ARN")
        if not (token_file and role_arn):
            raise _Skip("AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set")
        return self._web_identity(role_arn, token_file, self.environ.get("AWS_ROLE_SESSION_NAME"), "web-identity")

    def _container(self) -> CredentialProvider:
        try:
            url = metadata.container_url(self.environ)
        except ValueError as exc:
            raise InvalidCredsError(str(exc)) from None
        if url is None:
            raise _Skip("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set")
        environ = self.environ
        return self._refreshing(lambda: metadata.container_credentials_flow(environ), "container")

    def _instance_metadata(self) -> CredentialProvider:
        if self.environ.get("AWS_EC2_METADATA_DISABLED", "").lower() == "true":
            raise _Skip("AWS_EC2_METADATA_DISABLED is true")
        environ = self.environ
        try:
            return self._refreshing(lambda: metadata.imds_credentials_flow(environ), "instance-metadata")
        except Exception as exc:  # off EC2 the address does not answer: a reason, not a crash
            raise _Skip("%s did not answer with credentials (%s)"
                        % (metadata.imds_url(environ), type(exc).__name__)) from None

    # -- building blocks ---------------------------------------------------------------
    def _refreshing(self, fetch: FetchCredentials, source: str) -> RefreshingCredentials:
        provider = RefreshingCredentials(fetch, source)
        provider.get()  # fetched now: a source that cannot deliver is skipped, not found out later
        return provider

    def _assume_role(self, role_arn: str, source: CredentialProvider, settings: Mapping[str, str],
                     region: Optional[str], name: str) -> RefreshingCredentials:
        environ = self.environ
        duration = settings.get("duration_seconds")

        def fetch() -> Flow[Credentials]:
            signing: Credentials
            if not isinstance(source, RefreshingCredentials):
                signing = source
            else:  # the source's own refresh, as a flow too
                signing = _from_token((yield from source.token_credential.token_flow()))
            conn = sts.sts_connection(environ, region, signing)
            credentials = yield from sts.assume_role_flow(conn, role_arn, settings.get("role_session_name"),
                                                          settings.get("external_id"),
                                                          int(duration) if duration else None, source=name)
            return credentials

        return self._refreshing(fetch, name)

    def _web_identity(self, role_arn: str, token_file: str, session_name: Optional[str],
                      name: str) -> RefreshingCredentials:
        environ, region = self.environ, self.region

        def fetch() -> Flow[Credentials]:
            # Read each time: the platform rotates the token file.
            with open(os.path.expanduser(token_file), encoding="utf-8") as handle:
                web_token = handle.read().strip()
            conn = sts.sts_connection(environ, region, None)
            debug.register_secrets(conn, [web_token])
            credentials = yield from sts.assume_role_with_web_identity_flow(conn, role_arn, web_token,
                                                                            session_name, source=name)
            return credentials

        return self._refreshing(fetch, name)

    def _credential_process(self, command: str, name: str) -> CredentialProvider:
        credentials = run_credential_process(command, name)
        if credentials.expires_at is None:
            return credentials

        def fetch() -> Flow[Credentials]:
            return run_credential_process(command, name)
            yield  # a flow that does its work without an effect

        return RefreshingCredentials(fetch, name, credentials)


def run_credential_process(command: str, source: str) -> Credentials:
    """Run a profile's ``credential_process`` and read its JSON (version 1) answer."""
    try:
        proc = subprocess.run(shlex.split(command), capture_output=True, text=True,
                              timeout=CREDENTIAL_PROCESS_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InvalidCredsError("%s: credential_process could not run (%s)" % (source, type(exc).__name__)) from None
    if proc.returncode != 0:
        # Its stderr is the tool's own message (never our secrets): keep a short piece of it.
        raise InvalidCredsError("%s: credential_process exited with %d: %s"
                                % (source, proc.returncode, proc.stderr.strip()[:200]))
    try:
        document: Any = json.loads(proc.stdout)
        if document.get("Version") != 1:
            raise ValueError("Version must be 1")
        key, secret = str(document["AccessKeyId"]), str(document["SecretAccessKey"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidCredsError("%s: credential_process did not print version 1 credentials JSON" % source) from None
    return Credentials(key, secret, document.get("SessionToken") or None, source,
                       expiry_timestamp(document.get("Expiration")))


def find_credentials(environ: Optional[Mapping[str, str]] = None, profile: Optional[str] = None,
                     region: Optional[str] = None) -> CredentialProvider:
    """The first source of the chain that has credentials (see the module docstring)."""
    return _Chain(os.environ if environ is None else environ, profile, region).find()


def resolve_now(provider: CredentialProvider) -> Credentials:
    """Usable credentials from a provider (fetching them if needed)."""
    return provider.get() if isinstance(provider, RefreshingCredentials) else provider

