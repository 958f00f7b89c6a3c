"""The DNS driver registry: ``get_driver(Provider.X)`` returns the driver class.

The table is ``providers.json`` (see :func:`libcloud.common.providers.load_drivers`); its
RACKSPACE_US / RACKSPACE_UK rows are unreachable, as get_driver refuses the renamed constants first.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import load_drivers, registry_functions
from libcloud.dns.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

__all__ = ["DRIVERS", "OLD_CONSTANT_TO_NEW_MAPPING", "get_driver", "set_driver"]

DRIVERS: Dict[Any, Tuple[str, str]] = load_drivers(__name__, __file__, Provider)

get_driver, set_driver = registry_functions(DRIVERS, __name__, OLD_CONSTANT_TO_NEW_MAPPING)
