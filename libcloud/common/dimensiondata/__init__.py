"""Dimension Data CloudControl: what the compute, load balancer and backup drivers share.

Upstream's module ``libcloud.common.dimensiondata`` as a package: constants
and regions, the connection and its errors, the XML helpers and the resource
models (compute, load balancer and backup).
"""

from libcloud.common.dimensiondata import constants, exceptions, models, models_backup, models_lb
from libcloud.common.dimensiondata.connection import DimensionDataConnection, DimensionDataResponse

# The submodules' own lists are the package's: a model added there is exported here too.
from libcloud.common.dimensiondata.constants import *  # noqa: F401,F403
from libcloud.common.dimensiondata.exceptions import *  # noqa: F401,F403
from libcloud.common.dimensiondata.models import *  # noqa: F401,F403
from libcloud.common.dimensiondata.models_backup import *  # noqa: F401,F403
from libcloud.common.dimensiondata.models_lb import *  # noqa: F401,F403

__all__ = [
    *constants.__all__,
    "DimensionDataConnection",
    "DimensionDataResponse",
    *exceptions.__all__,
    *models.__all__,
    *models_lb.__all__,
    *models_backup.__all__,
]
