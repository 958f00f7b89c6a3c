"""Request bodies for instances: metadata, disks, network interfaces, scheduling, service accounts.

These builders do no I/O; resources may be given as objects (their
``selfLink`` is used) or as names/URLs.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Union

__all__ = ["StructsMixin", "SCOPE_ALIASES", "format_metadata"]

AUTH_ROOT = "https://www.googleapis.com/auth/"

with open(os.path.join(os.path.dirname(__file__), "data", "scopes.json")) as _handle:
    SCOPE_ALIASES: Dict[str, str] = {k: v for k, v in json.load(_handle).items() if not k.startswith("_")}


def _item(key: Any, value: Any) -> Dict[str, Any]:
    return {"key": key, "value": value}


def format_metadata(fingerprint: Any, metadata: Any = None) -> Dict[str, Any]:
    """Metadata as the API wants it: ``{"fingerprint": ..., "items": [{"key": k, "value": v}, ...]}``.

    Accepts a dict (``{k: v}``, ``{"key": k, "value": v}`` or the API form
    ``{"items": [...]}``) or a list of such dicts.
    """
    items: List[Dict[str, Any]] = []
    if metadata is None:
        pass
    elif isinstance(metadata, dict):
        if "items" in metadata:
            listed = metadata["items"]
            if not isinstance(listed, list) or not all(isinstance(i, dict) and "key" in i for i in listed):
                raise ValueError("metadata['items'] must be a list of {'key': ..., 'value': ...} dicts")
            items = [_item(i["key"], i.get("value")) for i in listed]
        elif set(metadata) == {"key", "value"}:
            items = [_item(metadata["key"], metadata["value"])]
        else:
            items = [_item(k, v) for k, v in metadata.items()]
    elif isinstance(metadata, list):
        for entry in metadata:
            if not isinstance(entry, dict):
                raise ValueError("metadata list entries must be dicts, not %r" % (entry,))
            if set(entry) == {"key", "value"}:
                items.append(_item(entry["key"], entry["value"]))
            else:
                items.extend(_item(k, v) for k, v in entry.items())
    else:
        raise ValueError("metadata must be a dict or a list of dicts")
    return {"fingerprint": fingerprint, "items": items}


def scope_url(scope: str) -> str:
    """A scope alias (``compute-ro``), short name (``compute``) or URL, as a URL."""
    if scope.startswith("https://"):
        return scope
    return AUTH_ROOT + SCOPE_ALIASES.get(scope, scope)


class StructsMixin:
    """The body builders, as driver methods (upstream's names)."""

    zone: Any
    project: Any
    _url: Any  # GCEBase._url: a path of the project as a full URL

    def _format_metadata(self, fingerprint: Any, metadata: Any = None) -> Dict[str, Any]:
        """See :func:`format_metadata`."""
        return format_metadata(fingerprint, metadata)

    def _link(self, value: Any, kind: str, zone: Any = None, region: Any = None) -> Optional[str]:
        """``value`` (object, URL or name) as a URL of a ``kind`` collection (``networks``, ``diskTypes``...)."""
        if value is None:
            return None
        if hasattr(value, "extra") and value.extra.get("selfLink"):
            return str(value.extra["selfLink"])
        text = str(value)
        if text.startswith("https://"):
            return text
        if text.startswith("projects/") or text.startswith("global/") or text.startswith("zones/") \
                or text.startswith("regions/"):
            return ("https://www.googleapis.com/compute/v1/" + text) if text.startswith("projects/") \
                else self._url(text)
        if zone is not None:
            return self._url("zones/%s/%s/%s" % (getattr(zone, "name", zone), kind, text))
        if region is not None:
            return self._url("regions/%s/%s/%s" % (getattr(region, "name", region), kind, text))
        return self._url("global/%s/%s" % (kind, text))

    def _build_disk_gce_struct(self, device_name: str, source: Any = None, disk_name: Optional[str] = None,
                               disk_type: Any = None, image: Any = None, is_boot: bool = True,
                               mount_mode: str = "READ_WRITE", usage_type: str = "PERSISTENT",
                               auto_delete: bool = True, disk_size: Any = None, zone: Any = None
                               ) -> Dict[str, Any]:
        """One attached disk: an existing ``source`` disk, or a new one from ``image``."""
        if source is None and image is None:
            raise ValueError("Either the 'source' or 'image' argument must be specified.")
        disk: Dict[str, Any] = {"boot": is_boot, "type": usage_type, "mode": mount_mode,
                                "deviceName": device_name, "autoDelete": auto_delete}
        if source is not None:
            disk["source"] = self._link(source, "disks", zone=zone or self.zone)
            return disk
        params: Dict[str, Any] = {"diskName": disk_name or device_name,
                                  "sourceImage": self._link(image, "images")}
        if disk_type is not None:
            params["diskType"] = self._link(disk_type, "diskTypes", zone=zone or self.zone)
        if disk_size is not None:
            params["diskSizeGb"] = str(disk_size)
        disk["initializeParams"] = params
        return disk

    def _build_network_gce_struct(self, network: Any, subnetwork: Any = None, external_ip: Any = None,
                                  internal_ip: Any = None, region: Any = None) -> Dict[str, Any]:
        """One network interface; ``external_ip`` ``"ephemeral"``, an address or ``None`` (no public IP)."""
        nic: Dict[str, Any] = {"kind": "compute#instanceNetworkInterface",
                               "network": self._link(network, "networks")}
        if subnetwork is not None:
            nic["subnetwork"] = self._link(subnetwork, "subnetworks", region=region or _region_of(self.zone))
        if external_ip:
            access: Dict[str, Any] = {"name": "External NAT", "type": "ONE_TO_ONE_NAT"}
            if hasattr(external_ip, "address"):
                access["natIP"] = external_ip.address
            elif external_ip != "ephemeral":
                access["natIP"] = external_ip
            nic["accessConfigs"] = [access]
        if internal_ip is not None:
            # Kept as given (an address object is sent as its address, see GCEConnection.encode_data).
            nic["networkIP"] = internal_ip
        return nic

    def _build_scheduling_gce_struct(self, on_host_maintenance: Optional[str] = None,
                                     automatic_restart: Optional[bool] = None,
                                     preemptible: Optional[bool] = None) -> Dict[str, Any]:
        """The scheduling options (empty when none is given)."""
        scheduling: Dict[str, Any] = {}
        if preemptible is not None:
            if preemptible and on_host_maintenance == "MIGRATE":
                raise ValueError("Preemptible instances must TERMINATE on host maintenance")
            if preemptible and automatic_restart:
                raise ValueError("Preemptible instances cannot restart automatically")
            scheduling["preemptible"] = preemptible
        if on_host_maintenance is not None:
            if on_host_maintenance not in ("MIGRATE", "TERMINATE"):
                raise ValueError("on_host_maintenance must be 'MIGRATE' or 'TERMINATE'")
            scheduling["onHostMaintenance"] = on_host_maintenance
        if automatic_restart is not None:
            scheduling["automaticRestart"] = automatic_restart
        return scheduling

    def _build_service_account_gce_struct(self, service_account: Any, default_email: str = "default",
                                          default_scope: str = "devstorage.read_only") -> Dict[str, Any]:
        """One service account: ``{"email": ..., "scopes": [...]}`` with aliases expanded."""
        if not isinstance(service_account, dict):
            raise ValueError("service_account must be a dict with 'scopes' (and optionally 'email')")
        scopes = service_account.get("scopes") or [default_scope]
        return {"email": service_account.get("email", default_email), "scopes": [scope_url(s) for s in scopes]}

    def _build_service_accounts_gce_list(self, service_accounts: Optional[List[Dict[str, Any]]] = None,
                                         default_email: str = "default",
                                         default_scope: str = "devstorage.read_only") -> List[Dict[str, Any]]:
        """The service accounts of an instance (default: the project's default account, storage read-only)."""
        if service_accounts is None:
            return [{"email": default_email, "scopes": [scope_url(default_scope)]}]
        if not isinstance(service_accounts, list):
            raise ValueError("service_accounts must be a list of dicts")
        return [self._build_service_account_gce_struct(sa, default_email, default_scope) for sa in service_accounts]

    def _set_project_metadata(self, metadata: Any = None, force: bool = False,
                              current_keys: Union[str, None] = "") -> List[Dict[str, Any]]:
        """Project metadata items; unless ``force``, the current ``sshKeys`` survive the new ones."""
        items = list((metadata or {}).get("items") or [])
        if force:
            return items
        items = [i for i in items if i.get("key") != "sshKeys"]
        if current_keys:
            items.append({"key": "sshKeys", "value": current_keys})
        return items


def _region_of(zone: Any) -> Optional[str]:
    name = getattr(zone, "name", zone)
    return str(name).rsplit("-", 1)[0] if name else None
