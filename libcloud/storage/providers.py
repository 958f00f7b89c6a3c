"""The storage driver registry: ``DRIVERS``, ``get_driver`` and ``set_driver``.

The table is ``providers.json`` (see :func:`libcloud.common.providers.load_drivers`); the legacy
per-region S3 constants are each bound to a preset-region S3 class.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

from libcloud.common.providers import load_drivers, registry_functions
from libcloud.storage.types import OLD_CONSTANT_TO_NEW_MAPPING, Provider

__all__ = ["DRIVERS", "get_driver", "set_driver"]

DRIVERS: Dict[Any, Tuple[str, str]] = load_drivers(__name__, __file__, Provider)

get_driver, set_driver = registry_functions(DRIVERS, __name__, OLD_CONSTANT_TO_NEW_MAPPING)
