"""Dimension Data Cloud Backup driver (upstream's ``libcloud.backup.drivers.dimensiondata``).

``driver`` (targets), ``clients`` (backup clients, their policies, jobs),
``calls`` (the requests), ``parse`` (answers -> models).
"""

from libcloud.backup.drivers.dimensiondata.driver import DEFAULT_BACKUP_PLAN, DimensionDataBackupDriver
from libcloud.common.dimensiondata import (  # noqa: F401  (upstream's module exposed these names)
    API_ENDPOINTS,
    BACKUP_NS,
    DEFAULT_REGION,
    TYPES_URN,
    DimensionDataConnection,
)
from libcloud.common.dimensiondata.models_backup import *  # noqa: F401,F403  (and the backup models)

__all__ = ["DimensionDataBackupDriver", "DEFAULT_BACKUP_PLAN", "API_ENDPOINTS", "DEFAULT_REGION"]
