"""Dimension Data CloudControl constants: namespaces, API versions, regions (from ``regions.json``)."""

from __future__ import annotations

import json
import os
from typing import Dict

__all__ = [
    "TYPES_URN", "SERVER_NS", "NETWORK_NS", "GENERAL_NS", "BACKUP_NS", "DIRECTORY_NS", "OLD_API_VERSION",
    "API_VERSION", "LATEST_API_VERSION", "API_ENDPOINTS", "DEFAULT_REGION", "NetworkDomainServicePlan",
]

#: Namespace of every CaaS 2.x request and answer.
TYPES_URN = "urn:didata.com:api:cloud:types"
#: Namespaces of the legacy (OEC 0.9) API.
SERVER_NS = "http://oec.api.opsource.net/schemas/server"
NETWORK_NS = "http://oec.api.opsource.net/schemas/network"
GENERAL_NS = "http://oec.api.opsource.net/schemas/general"
BACKUP_NS = "http://oec.api.opsource.net/schemas/backup"
DIRECTORY_NS = "http://oec.api.opsource.net/schemas/directory"

#: The legacy API path version (accounts, legacy networks, reports).
OLD_API_VERSION = "0.9"
#: The CaaS API version used unless the connection is told otherwise.
API_VERSION = "2.4"
LATEST_API_VERSION = "2.4"

with open(os.path.join(os.path.dirname(__file__), "regions.json"), encoding="utf-8") as _fh:
    #: Region name -> {"name", "host", "vendor"}: every cloud that runs the CloudControl API.
    API_ENDPOINTS: Dict[str, Dict[str, str]] = json.load(_fh)

DEFAULT_REGION = "dd-na"


class NetworkDomainServicePlan:
    """The service plans of a network domain."""

    ESSENTIALS = "ESSENTIALS"
    ADVANCED = "ADVANCED"
