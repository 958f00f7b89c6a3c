"""The container driver registry: ``get_driver(Provider.X)`` returns the driver class.

The table is ``providers.json`` (see :func:`libcloud.common.providers.load_drivers`).
Drivers not written yet raise ``ProviderNotImplementedError``.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import load_drivers, registry_functions
from libcloud.container.types import Provider

__all__ = ["DRIVERS", "get_driver", "set_driver"]

DRIVERS: Dict[Any, Tuple[str, str]] = load_drivers(__name__, __file__, Provider)

get_driver, set_driver = registry_functions(DRIVERS, __name__)
