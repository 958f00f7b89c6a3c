"""OpenStack Keystone (Identity API 1.0, 1.1, 2.0 and 3.x): logins, the service catalog, administration.

Drivers do not use these classes directly: :class:`libcloud.common.openstack.OpenStackBaseConnection`
picks the class for ``ex_force_auth_version`` with :func:`get_class_for_auth_version`.
"""

from __future__ import annotations

from typing import Type

from libcloud.common.openstack_identity import base, catalog, models
from libcloud.common.openstack_identity.base import *  # noqa: F401,F403
from libcloud.common.openstack_identity.base import OpenStackIdentityConnection
from libcloud.common.openstack_identity.catalog import *  # noqa: F401,F403
from libcloud.common.openstack_identity.models import *  # noqa: F401,F403
from libcloud.common.openstack_identity.v1 import OpenStackIdentity_1_0_Connection, OpenStackIdentity_1_1_Connection
from libcloud.common.openstack_identity.v2 import (
    OpenStackIdentity_2_0_Connection,
    OpenStackIdentity_2_0_Connection_VOMS,
)
from libcloud.common.openstack_identity.v3 import OpenStackIdentity_3_0_Connection
from libcloud.common.openstack_identity.v3_federation import (
    OpenStackIdentity_3_0_Connection_AppCred,
    OpenStackIdentity_3_0_Connection_OIDC_access_token,
)
from libcloud.common.types import LibcloudError

__all__ = [
    *base.__all__,
    *catalog.__all__,
    *models.__all__,
    "OpenStackIdentity_1_0_Connection",
    "OpenStackIdentity_1_1_Connection",
    "OpenStackIdentity_2_0_Connection",
    "OpenStackIdentity_2_0_Connection_VOMS",
    "OpenStackIdentity_3_0_Connection",
    "OpenStackIdentity_3_0_Connection_AppCred",
    "OpenStackIdentity_3_0_Connection_OIDC_access_token",
    "get_class_for_auth_version",
]

# ex_force_auth_version value -> the class that logs in that way.
_CLASSES = {
    "1.0": OpenStackIdentity_1_0_Connection,
    "1.1": OpenStackIdentity_1_1_Connection,
    "2.0": OpenStackIdentity_2_0_Connection,
    "2.0_apikey": OpenStackIdentity_2_0_Connection,
    "2.0_password": OpenStackIdentity_2_0_Connection,
    "2.0_voms": OpenStackIdentity_2_0_Connection_VOMS,
    "3.x_password": OpenStackIdentity_3_0_Connection,
    "3.x_appcred": OpenStackIdentity_3_0_Connection_AppCred,
    "3.x_oidc_access_token": OpenStackIdentity_3_0_Connection_OIDC_access_token,
}


def get_class_for_auth_version(auth_version: str) -> Type[OpenStackIdentityConnection]:
    """The identity connection class for an ``ex_force_auth_version`` value (``LibcloudError`` if unknown)."""
    try:
        return _CLASSES[auth_version]
    except KeyError:
        raise LibcloudError("Unsupported Auth Version requested: %s" % (auth_version)) from None
