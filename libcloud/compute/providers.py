"""The compute driver registry: ``get_driver(Provider.X)`` returns the driver class.

Driver modules are imported only when asked for.  A constant whose module
libcloud-ng does not ship raises
:class:`libcloud.common.providers.ProviderNotImplementedError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Tuple, Type, Union

from libcloud.common.providers import get_driver as _get_provider_driver
from libcloud.common.providers import load_drivers
from libcloud.common.providers import set_driver as _set_provider_driver
from libcloud.compute.deprecated import DEPRECATED_DRIVERS
from libcloud.compute.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

if TYPE_CHECKING:  # pragma: no cover - typing only
    from libcloud.compute.base import NodeDriver

__all__ = ["Provider", "DRIVERS", "DEPRECATED_DRIVERS", "OLD_CONSTANT_TO_NEW_MAPPING", "get_driver", "set_driver"]

# The table is providers.json (see libcloud.common.providers.load_drivers). Module paths
# and class names are upstream's, so third-party code that imports a driver module
# directly finds it where it expects.
DRIVERS: Dict[Any, Tuple[str, str]] = load_drivers(__name__, __file__, Provider)


def get_driver(provider: Union[Provider, str]) -> Type["NodeDriver"]:
    """Return the driver class registered for ``provider`` (a constant or its string value)."""
    return _get_provider_driver(
        drivers=DRIVERS,
        provider=provider,
        deprecated_providers=DEPRECATED_DRIVERS,
        deprecated_constants=OLD_CONSTANT_TO_NEW_MAPPING,
    )


def set_driver(provider: Union[Provider, str], module: str, klass: str) -> Type["NodeDriver"]:
    """Register the third-party driver ``module.klass`` under ``provider`` and return the class."""
    return _set_provider_driver(DRIVERS, provider, module, klass)
