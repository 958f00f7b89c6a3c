"""The backup driver registry: ``get_driver(Provider.X)`` returns the driver class."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.backup.types import Provider
from libcloud.common.providers import registry_functions

__all__ = ["DRIVERS", "get_driver", "set_driver"]

_PKG = "libcloud.backup.drivers."

#: Provider constant -> (module, class). Drivers not written yet raise ProviderNotImplementedError.
DRIVERS: Dict[Any, Tuple[str, str]] = {
    Provider.DIMENSIONDATA: (_PKG + "dimensiondata", "DimensionDataBackupDriver"),
    Provider.EBS: (_PKG + "ebs", "EBSBackupDriver"),
    Provider.GCE: (_PKG + "gce", "GCEBackupDriver"),
    Provider.NTTCIS: (_PKG + "nttcis", "NttCisBackupDriver"),
}


get_driver, set_driver = registry_functions(DRIVERS, __name__)
