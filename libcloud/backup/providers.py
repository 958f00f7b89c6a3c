"""The backup driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.backup.types import Provider
from libcloud.common.providers import get_driver as _get_provider_driver
from libcloud.common.providers import set_driver as _set_provider_driver

__all__ = ["DRIVERS", "get_driver", "set_driver"]

_PKG = "libcloud.backup.drivers."

#: Provider constant -> (module, class). Drivers not written yet raise ProviderNotImplementedError.
DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.DIMENSIONDATA: (_PKG + "dimensiondata", "DimensionDataBackupDriver"),
    Provider.EBS: (_PKG + "ebs", "EBSBackupDriver"),
    Provider.GCE: (_PKG + "gce", "GCEBackupDriver"),
    Provider.NTTCIS: (_PKG + "nttcis", "NttCisBackupDriver"),
}


def get_driver(provider: Any) -> type:
    """Return the driver class registered for ``provider``."""
    return _get_provider_driver(drivers=DRIVERS, provider=provider)


def set_driver(provider: Any, module: str, klass: str) -> type:
    """Register a third-party driver ``module.klass`` under ``provider`` and return it."""
    return _set_provider_driver(DRIVERS, provider, module, klass)
