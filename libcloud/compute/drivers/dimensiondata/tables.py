"""Tables of the compute driver: server actions -> node states, asset types for tags."""

from __future__ import annotations

from typing import Dict

from libcloud.compute.types import NodeState

__all__ = ["ACTION_STATES", "ASSET_TYPES", "FIREWALL_POSITIONS", "RELATIVE_POSITIONS"]

#: A server whose state is PENDING_CHANGE is in the state of the action in progress.
ACTION_STATES: Dict[str, str] = {
    "START_SERVER": NodeState.STARTING,
    "SHUTDOWN_SERVER": NodeState.STOPPING,
    "POWER_OFF_SERVER": NodeState.STOPPING,
    "REBOOT_SERVER": NodeState.REBOOTING,
    "RESET_SERVER": NodeState.REBOOTING,
    "RECONFIGURE_SERVER": NodeState.RECONFIGURING,
    "DELETE_SERVER": NodeState.TERMINATED,
}

#: The ``assetType`` of the model classes that can carry tags (by class name).
ASSET_TYPES: Dict[str, str] = {
    "Node": "SERVER",
    "NodeImage": "CUSTOMER_IMAGE",
    "DimensionDataNetworkDomain": "NETWORK_DOMAIN",
    "DimensionDataVlan": "VLAN",
    "DimensionDataPublicIpBlock": "PUBLIC_IP_BLOCK",
    "DimensionDataAccount": "ACCOUNT",
}

#: Firewall rule placements; the relative ones need the rule they are relative to.
FIREWALL_POSITIONS = ("FIRST", "LAST", "BEFORE", "AFTER")
RELATIVE_POSITIONS = ("BEFORE", "AFTER")
