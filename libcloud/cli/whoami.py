"""``libcloud whoami``: which identity a provider's driver would act as, and where its credentials came from.

Nothing secret is printed: the key id is masked as the AWS CLI masks it
(``****************ABCD``) and secrets never leave the driver.  For AWS
providers STS ``GetCallerIdentity`` names the account and the ARN (it needs
no permission; ``--offline`` skips it).
"""

from __future__ import annotations

import argparse
import os
from typing import Any, Dict, Optional

from libcloud.cli import add_command, usage_error
from libcloud.cli.output import render_one
from libcloud.cli.settings import PROVIDERS, connect, global_options, resolve

__all__ = ["register", "run_whoami", "mask_key_id"]

_SERVICES = ("compute", "storage", "dns", "loadbalancer", "container")


def register(subparsers: Any) -> None:
    """Add the ``whoami`` command."""
    parser = add_command(subparsers, "whoami", handler=run_whoami, parents=[global_options()],
                         help="show the identity and the credential source a provider's driver would use")
    parser.add_argument("--service", choices=_SERVICES, default=None,
                        help="the API the provider belongs to (default: the first that knows the provider)")
    parser.add_argument("--offline", action="store_true",
                        help="do not ask the provider whose credentials these are (AWS: STS GetCallerIdentity)")


def mask_key_id(key: Optional[str]) -> str:
    """All but the last four characters replaced, as the AWS CLI shows key ids."""
    if not key:
        return ""
    text = str(key)
    return "*" * max(0, len(text) - 4) + text[-4:] if len(text) > 4 else "****"


def _service_of(args: argparse.Namespace) -> str:
    if args.service:
        return str(args.service)
    provider = str(getattr(args, "provider", None) or os.environ.get("LIBCLOUD_PROVIDER") or "").lower()
    for service in _SERVICES:
        if provider in PROVIDERS[service]:
            return service
    usage_error(args, "pass --service: %r is not a provider the command knows by itself" % provider)


def run_whoami(args: argparse.Namespace) -> int:
    """Run ``whoami``; returns the exit code."""
    service = _service_of(args)
    settings = resolve(service, args)
    driver = connect(settings)
    connection = getattr(driver, "connection", None)
    key = getattr(connection, "user_id", None) or getattr(driver, "key", None)
    row: Dict[str, Any] = {
        "provider": settings.provider,
        "service": service,
        "source": getattr(driver, "credentials_source", None) or _source_of_settings(settings.sources),
        "key_id": mask_key_id(key if isinstance(key, str) else None),
    }
    if settings.region:
        row["region"] = settings.region
    if settings.spec.chain_profile_kwarg == "ex_profile" and not args.offline:
        row.update(_aws_identity(driver, settings.region))
    render_one(settings.output, row)
    return 0


def _source_of_settings(sources: Dict[str, str]) -> str:
    return sources.get("key") or sources.get("root") or "none"


def _aws_identity(driver: Any, region: Optional[str]) -> Dict[str, str]:
    from libcloud._core.flow import run_sync
    from libcloud.common.aws.credentials import Credentials
    from libcloud.common.aws.sts import caller_identity_flow, sts_connection

    connection = driver.connection
    connection.use_current_credentials()  # temporary credentials: the refreshed ones
    credentials = Credentials(connection.user_id, connection.key, getattr(connection, "token", None))
    identity = run_sync(caller_identity_flow(sts_connection(os.environ, region, credentials)))
    return {"account": identity["Account"], "arn": identity["Arn"]}
