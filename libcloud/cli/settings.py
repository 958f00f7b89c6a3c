"""Which provider, credentials and endpoint a ``libcloud`` command uses.

Every setting is looked up in this order: command-line option, environment
variable (the provider's usual ones, e.g. ``AWS_ACCESS_KEY_ID``), then the
profile file ``~/.libcloud_data/config`` (INI; ``[default]`` or the section
named by ``--profile``/``LIBCLOUD_PROFILE``).  :data:`PROVIDERS` says what
each known provider needs; other registered providers get ``key``/``secret``
passed through.  Resolved secrets are registered with the debug log's
redaction and are never printed.
"""

from __future__ import annotations

import argparse
import configparser
import os
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from libcloud.cli import CommandError, add_command

__all__ = [
    "PROVIDERS", "PROFILE_KEYS", "ProviderSpec", "Settings", "UsageProblem", "config_path", "connect", "global_options",
    "load_profile", "resolve", "service_commands", "transfer_options",
]

SERVICES = ("compute", "storage", "dns", "loadbalancer", "container")
PROFILE_KEYS = ("provider", "compute_provider", "storage_provider", "dns_provider", "loadbalancer_provider",
                "container_provider", "region", "key", "secret",
                "endpoint_url", "root", "output", "api_version", "project")
OUTPUT_FORMATS = ("table", "json")


class UsageProblem(CommandError):
    """A settings problem the user fixes on the command line: exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class ProviderSpec:
    """What a provider's driver needs and where its usual environment variables are."""

    credentials: str = "key_secret"  # "none", "path" (a folder), "key", "key_secret", "optional", "chain"
    key_env: Tuple[str, ...] = ()
    secret_env: Tuple[str, ...] = ()
    token_env: Tuple[str, ...] = ()
    region_env: Tuple[str, ...] = ()
    endpoint_env: Tuple[str, ...] = ()
    positional: int = 2  # how many of (key, secret) the constructor takes
    takes_region: bool = False
    defaults: Mapping[str, Any] = field(default_factory=dict)
    #: Where the project comes from (Google); passed as ``project=``.
    project_env: Tuple[str, ...] = ()
    #: The secret may be a service-account JSON key file whose ``client_email`` is the key.
    key_from_key_file: bool = False
    #: The keyword argument ``--endpoint-url`` becomes (default: host/port/secure of the URL).
    endpoint_kwarg: Optional[str] = None
    #: The keyword argument ``--region`` becomes when it is not ``region`` (GCE: ``datacenter``).
    region_kwarg: Optional[str] = None
    #: Further driver keyword arguments: kwarg -> environment variables (the profile key is the kwarg).
    extra_env: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)
    #: ``extra_env`` keyword arguments the driver cannot do without (a usage problem when missing).
    required_extra: Tuple[str, ...] = ()
    #: Pass key and secret as these keyword arguments (the constructor takes other arguments first).
    credential_kwargs: Tuple[str, ...] = ()
    #: With ``credentials="chain"``: the keyword that names the provider's own profile (``--profile``
    #: becomes it when the key is not given), e.g. AWS's ``ex_profile``.
    chain_profile_kwarg: Optional[str] = None


# Without a key the driver searches the AWS SDKs' chain (shared files, SSO via credential_process, roles,
# container and instance credentials): see libcloud.common.aws.credential_chain.
_AWS = ProviderSpec(
    credentials="chain", chain_profile_kwarg="ex_profile",
    key_env=("AWS_ACCESS_KEY_ID",), secret_env=("AWS_SECRET_ACCESS_KEY",), token_env=("AWS_SESSION_TOKEN",),
    region_env=("AWS_REGION", "AWS_DEFAULT_REGION"), endpoint_env=("AWS_ENDPOINT_URL",), takes_region=True,
)
_GOOGLE_PROJECT = ("GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT")
# A service account's e-mail (or an installed application's client id) and its key file (or client secret).
# The key file is optional: on a GCE instance the metadata server provides the token.
_GOOGLE = ProviderSpec(credentials="key", key_env=("GOOGLE_CLIENT_EMAIL",), secret_env=("GOOGLE_APPLICATION_CREDENTIALS",),
                       project_env=_GOOGLE_PROJECT, key_from_key_file=True)
# OpenStack clouds: the usual OS_* variables of the OpenStack command line client.
_OPENSTACK = ProviderSpec(
    key_env=("OS_USERNAME",), secret_env=("OS_PASSWORD",), region_env=("OS_REGION_NAME",),
    endpoint_env=("OS_AUTH_URL",), endpoint_kwarg="ex_force_auth_url", region_kwarg="ex_force_service_region",
    extra_env={"ex_force_auth_version": ("LIBCLOUD_OS_AUTH_VERSION",),
               "ex_tenant_name": ("OS_PROJECT_NAME", "OS_TENANT_NAME"),
               "ex_domain_name": ("OS_USER_DOMAIN_NAME",),
               "ex_tenant_domain_id": ("OS_PROJECT_DOMAIN_ID",)},
    defaults={"ex_force_auth_version": "3.x_password", "api_version": "2.0"},
)
# Rackspace: a user name and an API key, logged in through Rackspace's identity service.
_RACKSPACE = ProviderSpec(key_env=("RACKSPACE_USERNAME", "OS_USERNAME"),
                          secret_env=("RACKSPACE_API_KEY", "OS_PASSWORD"), takes_region=True,
                          region_env=("RACKSPACE_REGION",))
_IN_PROCESS = ProviderSpec(credentials="none")
_GENERIC = ProviderSpec(credentials="optional")

#: service -> provider name -> what it needs.  Providers not listed use _GENERIC.
PROVIDERS: Dict[str, Dict[str, ProviderSpec]] = {
    "compute": {
        "dummy": ProviderSpec(credentials="none", positional=1),
        "ec2": _AWS,
        "openstack": _OPENSTACK,
        "digitalocean": ProviderSpec(credentials="key", key_env=("DIGITALOCEAN_ACCESS_TOKEN",), positional=1),
        "linode": ProviderSpec(credentials="key", key_env=("LINODE_TOKEN",), positional=1),
        "gce": replace(_GOOGLE, region_env=("CLOUDSDK_COMPUTE_ZONE",), takes_region=True, region_kwarg="datacenter"),
        # A service principal, in the Azure SDKs' environment variables.
        "azure_arm": ProviderSpec(key_env=("AZURE_CLIENT_ID",), secret_env=("AZURE_CLIENT_SECRET",),
                                  extra_env={"tenant_id": ("AZURE_TENANT_ID",),
                                             "subscription_id": ("AZURE_SUBSCRIPTION_ID",)},
                                  required_extra=("tenant_id", "subscription_id"), credential_kwargs=("key", "secret"),
                                  takes_region=True, region_env=("AZURE_LOCATION",)),
        "vultr": ProviderSpec(credentials="key", key_env=("VULTR_API_KEY",), positional=1),
        # CloudControl user name and password; the region picks the endpoint (dd-na, dd-au...).
        "dimensiondata": ProviderSpec(key_env=("DIMENSIONDATA_USER",), secret_env=("DIMENSIONDATA_PASSWORD",),
                                      region_env=("DIMENSIONDATA_REGION",), takes_region=True),
    },
    "storage": {
        "dummy": _IN_PROCESS,
        "local": ProviderSpec(credentials="path", key_env=("LIBCLOUD_LOCAL_ROOT",), positional=1),
        "s3": _AWS,
        # The account name, then its key, or a SAS token, or neither (Azure's credential chain: Azure AD).
        "azure_blobs": ProviderSpec(credentials="key", key_env=("AZURE_STORAGE_ACCOUNT",),
                                    secret_env=("AZURE_STORAGE_KEY",),
                                    extra_env={"ex_sas_token": ("AZURE_STORAGE_SAS_TOKEN",)}),
        # An HMAC key (GOOG...) or, like the other Google services, a service account.
        "google_storage": replace(_GOOGLE, key_env=("GS_ACCESS_KEY_ID", "GOOGLE_CLIENT_EMAIL"),
                                  secret_env=("GS_SECRET_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS")),
        "openstack_swift": replace(_OPENSTACK, defaults={"ex_force_auth_version": "3.x_password"}),
        "cloudfiles": _RACKSPACE,
        # The variables of Backblaze's own b2 command line tool.
        "backblaze_b2": ProviderSpec(key_env=("B2_APPLICATION_KEY_ID",), secret_env=("B2_APPLICATION_KEY",)),
    },
    "dns": {
        "dummy": _IN_PROCESS,
        # The CLI speaks Route53's current API version (the driver defaults to upstream's 2012-02-29,
        # which emulators such as moto do not serve).
        "route53": replace(_AWS, defaults={"api_version": "2013-04-01"}),
        "powerdns": ProviderSpec(credentials="key", key_env=("PDNS_API_KEY",), positional=1,
                                 defaults={"api_version": "v1"}),
        "digitalocean": ProviderSpec(credentials="key", key_env=("DIGITALOCEAN_ACCESS_TOKEN",), positional=1),
        "linode": ProviderSpec(credentials="key", key_env=("LINODE_TOKEN",), positional=1),
        "vultr": ProviderSpec(credentials="key", key_env=("VULTR_API_KEY",), positional=1),
        "google": _GOOGLE,
        # Cloud DNS of the US or the UK account (--region us|uk): the API key logs in, as for Cloud Files;
        # --endpoint-url names another identity service.
        "rackspace": replace(_RACKSPACE, region_env=("RACKSPACE_DNS_REGION",), endpoint_kwarg="ex_force_auth_url"),
    },
    "loadbalancer": {
        "elb": _AWS,
        "alb": _AWS,
        # The balancers of the zone's region (--region is the zone, as for compute).
        "gce": replace(_GOOGLE, region_env=("CLOUDSDK_COMPUTE_ZONE",), takes_region=True, region_kwarg="datacenter"),
        # CloudControl user name and password, as for compute.
        "dimensiondata": ProviderSpec(key_env=("DIMENSIONDATA_USER",), secret_env=("DIMENSIONDATA_PASSWORD",),
                                      region_env=("DIMENSIONDATA_REGION",), takes_region=True),
        # --endpoint-url replaces the identity service (the catalog names the load balancer endpoint).
        "rackspace": replace(_RACKSPACE, endpoint_kwarg="ex_force_auth_url"),
    },
    "container": {
        "dummy": ProviderSpec(credentials="none", positional=2),
        "ecs": _AWS,
        # GKE's clusters: --region is the default zone of list_clusters and get_server_config.
        "gke": replace(_GOOGLE, region_env=("CLOUDSDK_COMPUTE_ZONE",), takes_region=True, region_kwarg="datacenter"),
        # A local daemon needs no credentials; --endpoint-url may be unix:///var/run/docker.sock.
        "docker": ProviderSpec(credentials="optional", endpoint_env=("DOCKER_HOST",)),
        "kubernetes": ProviderSpec(credentials="optional"),
        "lxd": ProviderSpec(credentials="optional"),
        "rancher": ProviderSpec(key_env=("RANCHER_ACCESS_KEY",), secret_env=("RANCHER_SECRET_KEY",)),
    },
}


#: The provider and credential options: (option, metavar, help).
_GLOBAL_OPTIONS = (
    ("provider", "P", "provider, e.g. dummy, local, ec2, s3, route53 (env LIBCLOUD_PROVIDER)"),
    ("profile", "NAME", "section of ~/.libcloud_data/config to use (env LIBCLOUD_PROFILE; default: default)"),
    ("region", "R", "region (AWS: env AWS_REGION, AWS_DEFAULT_REGION)"),
    ("key", "KEY", "access key, account or token (or the provider's environment variable)"),
    ("secret", "SECRET", "secret key; prefer the environment or the profile file"),
    ("endpoint-url", "URL", "API endpoint, e.g. http://127.0.0.1:5000 (AWS: env AWS_ENDPOINT_URL)"),
    ("root", "PATH", "base folder of --provider local (env LIBCLOUD_LOCAL_ROOT)"),
    ("project", "ID", "Google Cloud project (env GOOGLE_CLOUD_PROJECT)"),
)


def global_options(prefix: str = "") -> argparse.ArgumentParser:
    """Provider/credential options; with ``prefix="to-"`` the destination of ``storage cp``.

    Defaults are suppressed so that an option given before the service name
    is not reset by the same option's default on the subcommand.
    """
    parent = argparse.ArgumentParser(add_help=False)
    dest = prefix.replace("-", "_")
    what = "the destination's " if prefix else ""
    group = parent.add_argument_group("destination" if prefix else "provider and credentials")
    for option, metavar, text in _GLOBAL_OPTIONS:
        group.add_argument("--%s%s" % (prefix, option), dest=dest + option.replace("-", "_"), metavar=metavar,
                           default=argparse.SUPPRESS, help=what + text)
    if not prefix:
        group.add_argument("--output", dest="output", choices=OUTPUT_FORMATS, default=argparse.SUPPRESS,
                           help="table (default) or json (env LIBCLOUD_OUTPUT)")
    return parent


def service_commands(subparsers: Any, name: str, help: str) -> Callable[..., argparse.ArgumentParser]:
    """Add the service command ``name`` and return its ``command(name, help, handler, *parents)``.

    Every subcommand takes the provider and credential options too.
    """
    group = add_command(subparsers, name, help=help, parents=[global_options()])
    commands = group.add_subparsers(title="%s commands" % (name,), metavar="COMMAND")

    def command(name: str, help: str, handler: Any, *extra: argparse.ArgumentParser) -> argparse.ArgumentParser:
        return add_command(commands, name, help=help, handler=handler, parents=[global_options(), *extra])

    return command


def transfer_options() -> argparse.ArgumentParser:
    """The destination options of ``storage cp``."""
    return global_options("to-")


# -- profile file ---------------------------------------------------------------

def config_path() -> str:
    """The profiles file: ``~/.libcloud_data/config``."""
    return os.path.join(os.path.expanduser("~"), ".libcloud_data", "config")


def load_profile(name: Optional[str], path: Optional[str] = None) -> Dict[str, str]:
    """The settings of profile ``name`` (``None``: ``default``, which may be missing)."""
    path = path or config_path()
    parser = configparser.ConfigParser(interpolation=None, default_section="__libcloud_none__")
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        if name is not None:
            raise CommandError("profile %r not found: %s does not exist" % (name, path)) from None
        return {}
    except (OSError, configparser.Error) as exc:
        raise CommandError("cannot read %s: %s" % (path, _first_line(exc))) from None
    wanted = name or "default"
    for section in (wanted, "profile " + wanted):
        if parser.has_section(section):
            values = dict(parser.items(section))
            unknown = sorted(set(values) - set(PROFILE_KEYS))
            if unknown:
                raise CommandError("%s [%s]: unknown setting(s) %s (known: %s)"
                                   % (path, section, ", ".join(unknown), ", ".join(PROFILE_KEYS)))
            return values
    if name is not None:
        raise CommandError("profile %r not found in %s" % (name, path))
    return {}


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# -- resolution -----------------------------------------------------------------

@dataclass
class Settings:
    """The resolved settings of one driver (``secret`` is never shown by ``repr``)."""

    service: str
    provider: str
    spec: ProviderSpec
    key: Optional[str] = None
    secret: Optional[str] = field(default=None, repr=False)
    token: Optional[str] = field(default=None, repr=False)
    region: Optional[str] = None
    endpoint_url: Optional[str] = None
    api_version: Optional[str] = None
    project: Optional[str] = None
    #: The provider's own profile to search when no key is given (``--profile`` for a "chain" provider).
    chain_profile: Optional[str] = None
    output: str = "table"
    sources: Dict[str, str] = field(default_factory=dict)
    extra: Dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """A line for --dry-run: provider, region and endpoint, never credentials."""
        parts = ["%s provider %s" % (self.service, self.provider)]
        if self.spec.credentials == "path" and self.key:
            parts.append("root %s" % self.key)
        if self.project:
            parts.append("project %s" % self.project)
        if self.region:
            parts.append("region %s" % self.region)
        if self.endpoint_url:
            parts.append("endpoint %s" % self.endpoint_url)
        return ", ".join(parts)


def _pick(label: str, sources: Dict[str, str], option: Any, env_names: Tuple[str, ...],
          profile: Mapping[str, str], profile_key: str, environ: Mapping[str, str]) -> Optional[str]:
    if option not in (None, ""):
        sources[label] = "option"
        return str(option)
    for name in env_names:
        if environ.get(name):
            sources[label] = "environment (%s)" % name
            return environ[name]
    if profile.get(profile_key):
        sources[label] = "profile"
        return profile[profile_key]
    return None


def resolve(service: str, args: argparse.Namespace, prefix: str = "",
            environ: Optional[Mapping[str, str]] = None) -> Settings:
    """The settings for ``service`` from options (``prefix`` for cp's destination), env and profile."""
    env = os.environ if environ is None else environ
    opt = lambda name: getattr(args, prefix + name, None)  # noqa: E731 - tiny accessor
    profile_name = opt("profile") or (None if prefix else env.get("LIBCLOUD_PROFILE") or None)
    if prefix and profile_name is None and opt("provider") is None:
        # cp without --to-provider/--to-profile copies within the source's provider.
        return resolve(service, args, "", environ)
    chain_profile: Optional[str] = None
    try:
        profile = load_profile(profile_name)
    except CommandError:
        # Not a profile of ours: for a provider with its own profiles (AWS) it names one of those.
        spec_asked = PROVIDERS[service].get(str(opt("provider") or "").strip().lower())
        if profile_name is None or spec_asked is None or spec_asked.credentials != "chain":
            raise
        profile, chain_profile = {}, profile_name
    sources: Dict[str, str] = {}
    provider = _pick("provider", sources, opt("provider"), () if prefix else ("LIBCLOUD_PROVIDER",),
                     profile, service + "_provider", env)
    if provider is None and profile.get("provider"):
        provider, sources["provider"] = profile["provider"], "profile"
    if provider is None:
        raise UsageProblem("no %s provider: pass --%sprovider (or set LIBCLOUD_PROVIDER, or provider= in %s)"
                     % (service, prefix.replace("_", "-"), config_path()))
    provider = provider.strip().lower()
    spec = PROVIDERS[service].get(provider, _GENERIC)
    generic_key = ("LIBCLOUD_KEY",) if spec is _GENERIC else ()
    generic_secret = ("LIBCLOUD_SECRET",) if spec is _GENERIC else ()
    if spec.credentials == "path":
        key = _pick("root", sources, opt("root") or opt("key"), spec.key_env, profile, "root", env) \
            or profile.get("key")
    else:
        key = _pick("key", sources, opt("key"), spec.key_env + generic_key, profile, "key", env)
    settings = Settings(
        service=service, provider=provider, spec=spec, key=key,
        secret=_pick("secret", sources, opt("secret"), spec.secret_env + generic_secret, profile, "secret", env),
        region=_pick("region", sources, opt("region"), spec.region_env, profile, "region", env),
        endpoint_url=_pick("endpoint_url", sources, opt("endpoint_url"), spec.endpoint_env + ("LIBCLOUD_ENDPOINT_URL",),
                           profile, "endpoint_url", env),
        api_version=profile.get("api_version") or spec.defaults.get("api_version"),
        project=_pick("project", sources, opt("project"), spec.project_env, profile, "project", env)
        if spec.project_env else None,
        output=_pick("output", sources, getattr(args, "output", None), ("LIBCLOUD_OUTPUT",), profile, "output",
                     env) or "table",
        sources=sources,
        extra=_extras(spec, sources, profile, env),
    )
    if spec.credentials == "chain" and not settings.key:
        settings.chain_profile = chain_profile or (profile_name if opt("profile") else None)
    if settings.output not in OUTPUT_FORMATS:
        raise UsageProblem("output format %r is not one of: %s" % (settings.output, ", ".join(OUTPUT_FORMATS)))
    if spec.key_from_key_file and not settings.key and settings.secret:
        settings.key = _client_email(settings.secret)
        if settings.key:
            sources["key"] = "key file (client_email)"
    if spec.token_env and sources.get("key", "").startswith("environment"):
        # A session token only belongs with keys that came from the same place.
        settings.token = next((env[name] for name in spec.token_env if env.get(name)), None)
    _check_credentials(settings, prefix)
    _register_secrets(settings)
    return settings


def _extras(spec: ProviderSpec, sources: Dict[str, str], profile: Mapping[str, str],
            env: Mapping[str, str]) -> Dict[str, Any]:
    """The provider's further keyword arguments: environment, profile, then the spec's default."""
    extra: Dict[str, Any] = {}
    for kwarg, env_names in spec.extra_env.items():
        value = _pick(kwarg, sources, None, env_names, profile, kwarg, env)
        if value is None:
            value = spec.defaults.get(kwarg)
        if value is not None:
            extra[kwarg] = value
    return extra


def _check_credentials(settings: Settings, prefix: str) -> None:
    spec, flag = settings.spec, "--" + prefix.replace("_", "-")
    if spec.credentials == "path" and not settings.key:
        raise UsageProblem("--provider %s needs a folder: pass %sroot PATH (or set %s, or root= in the profile)"
                     % (settings.provider, flag, ", ".join(spec.key_env) or "it"))
    if spec.credentials in ("key", "key_secret") and not settings.key:
        raise UsageProblem("--provider %s needs credentials: pass %skey%s%s"
                     % (settings.provider, flag, " and %ssecret" % flag if spec.credentials == "key_secret" else "",
                        _env_hint(spec.key_env + spec.secret_env)))
    if spec.credentials == "chain" and settings.key and not settings.secret:
        raise UsageProblem("--provider %s needs a secret with its key: pass %ssecret%s, or give neither and "
                           "the provider's own credential chain is searched" % (settings.provider, flag,
                                                                                _env_hint(spec.secret_env)))
    if spec.credentials == "key_secret" and not settings.secret:
        raise UsageProblem("--provider %s needs a secret: pass %ssecret%s"
                     % (settings.provider, flag, _env_hint(spec.secret_env)))
    for kwarg in spec.required_extra:
        if kwarg not in settings.extra:
            raise UsageProblem("--provider %s needs %s: set %s (or %s= in the profile)"
                               % (settings.provider, kwarg, " or ".join(spec.extra_env.get(kwarg, ())), kwarg))


def _client_email(key_file: str) -> Optional[str]:
    """The ``client_email`` of a service-account JSON key file (``None`` if it is not one)."""
    import json

    path = os.path.expanduser(key_file)
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            email = json.load(handle).get("client_email")
    except (OSError, ValueError, AttributeError):
        return None
    return str(email) if email else None


def _env_hint(names: Tuple[str, ...]) -> str:
    return " (or set %s, or use the profile file)" % " and ".join(names) if names else " (or use the profile file)"


def _register_secrets(settings: Settings) -> None:
    from libcloud._core import debug

    debug.register_secrets(settings, [settings.secret, settings.token])


# -- drivers --------------------------------------------------------------------

def _endpoint_kwargs(url: str) -> Dict[str, Any]:
    if url.startswith("unix://"):  # a local socket (Docker): the driver takes it as its host
        return {"host": url}
    parts = urlsplit(url if "://" in url else "https://" + url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageProblem("not an http(s) endpoint URL: %r" % url)
    secure = parts.scheme == "https"
    try:
        port = parts.port or (443 if secure else 80)
    except ValueError:
        raise UsageProblem("bad port in endpoint URL %r" % url) from None
    return {"host": parts.hostname, "port": port, "secure": secure}


def driver_class(service: str, provider: str) -> Any:
    """The driver class registered for ``provider`` in ``service``'s registry."""
    import importlib

    providers = importlib.import_module("libcloud.%s.providers" % service)
    known = sorted(set(providers.DRIVERS) | set(PROVIDERS[service]))
    if provider not in providers.DRIVERS:
        # Constants are matched without regard to case (the container API's GKE is "GKE").
        same = [key for key in providers.DRIVERS if str(getattr(key, "value", key)).lower() == provider.lower()]
        if not same:
            raise UsageProblem("unknown %s provider %r (known: %s)" % (service, provider, ", ".join(map(str, known))))
        provider = same[0]
    return providers.get_driver(provider)


def connect(settings: Settings) -> Any:
    """A driver instance for ``settings`` (library errors propagate: exit code 1)."""
    cls = driver_class(settings.service, settings.provider)
    spec = settings.spec
    if spec.credentials == "none":
        credentials: List[Any] = [settings.key or "0", settings.secret][: spec.positional]
        return cls(*credentials)
    if spec.credentials == "path":
        return cls(os.path.expanduser(settings.key or ""))
    kwargs: Dict[str, Any] = dict(settings.extra)
    if settings.endpoint_url and spec.endpoint_kwarg:
        _endpoint_kwargs(settings.endpoint_url)  # validates it
        kwargs[spec.endpoint_kwarg] = settings.endpoint_url
    elif settings.endpoint_url:
        kwargs.update(_endpoint_kwargs(settings.endpoint_url))
    if settings.region and spec.region_kwarg:
        kwargs[spec.region_kwarg] = settings.region
    elif settings.region and (spec.takes_region or spec is _GENERIC):
        kwargs["region"] = settings.region
    if settings.project:
        kwargs["project"] = settings.project
    if settings.token:
        kwargs["token"] = settings.token
    if settings.api_version:
        kwargs["api_version"] = settings.api_version
    if settings.chain_profile and spec.chain_profile_kwarg:
        kwargs[spec.chain_profile_kwarg] = settings.chain_profile
    if spec.credential_kwargs:
        kwargs.update(zip(spec.credential_kwargs, (settings.key, settings.secret), strict=False))
        return cls(**kwargs)
    credentials = [settings.key, settings.secret][: spec.positional]
    if spec.credentials != "chain" or settings.key:
        return cls(*credentials, **kwargs)
    from libcloud.common.aws.credential_chain import CredentialsNotFoundError

    try:
        return cls(*credentials, **kwargs)
    except CredentialsNotFoundError as exc:  # a set-up problem, like a missing --key: exit 2
        raise UsageProblem("--provider %s needs credentials (--key and --secret): %s"
                           % (settings.provider, exc)) from None
