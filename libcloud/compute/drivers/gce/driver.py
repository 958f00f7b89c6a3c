"""``GCENodeDriver``: Google Compute Engine, assembled from one mixin per concern.

Resources found by URL are parsed by their ``kind`` (``compute#instance``...)
with :data:`KIND_PARSERS`, so a forwarding rule's target or a URL map's
default service comes back as the right object.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from libcloud._core.flow import Flow, operation, run_sync
from libcloud.compute.drivers.gce.groups import GroupsMixin

__all__ = ["GCENodeDriver", "KIND_PARSERS"]

#: ``kind`` of a resource -> the driver method (a flow) that turns its JSON into an object.
KIND_PARSERS: Dict[str, str] = {
    "compute#instance": "_node_flow",
    "compute#targetHttpProxy": "_targethttpproxy_flow",
    "compute#targetPool": "_targetpool_flow",
    "compute#targetInstance": "_targetinstance_flow",
    "compute#backendService": "_backendservice_flow",
    "compute#urlMap": "_urlmap_flow",
    "compute#httpHealthCheck": "_healthcheck_value_flow",
    "compute#network": "_network_value_flow",
    "compute#subnetwork": "_subnetwork_flow",
    "compute#address": "_address_flow",
    "compute#forwardingRule": "_forwarding_rule_flow",
    "compute#instanceGroup": "_instancegroup_flow",
    "compute#instanceGroupManager": "_instancegroupmanager_flow",
    "compute#disk": "_volume_flow",
    "compute#image": "_image_value_flow",
}


class GCENodeDriver(GroupsMixin):
    """Google Compute Engine (API v1).

    ``GCENodeDriver(user_id, key, datacenter="us-central1-a", project="my-project",
    auth_type=None, scopes=None, credential_file=None)`` - ``user_id`` and
    ``key`` are a service account's e-mail and key file (or contents), an
    installed application's client id and secret, or anything on a GCE
    instance (``auth_type="GCE"``).
    """

    def _healthcheck_value_flow(self, body: Dict[str, Any]) -> Flow[Any]:
        return self._to_healthcheck(body)
        yield  # pragma: no cover

    def _network_value_flow(self, body: Dict[str, Any]) -> Flow[Any]:
        return self._to_network(body)
        yield  # pragma: no cover

    def _image_value_flow(self, body: Dict[str, Any]) -> Flow[Any]:
        return self._to_node_image(body)
        yield  # pragma: no cover

    def _get_object_by_kind_flow(self, url: Optional[str]) -> Flow[Any]:
        if not url:
            return None
        body = yield from self._fetch(url)
        parser = KIND_PARSERS.get(str(body.get("kind")))
        if parser is None:
            return body
        return (yield from getattr(self, parser)(body))

    def _get_object_by_kind(self, url: Optional[str]) -> Any:
        """The object a resource URL names (a proxy, a pool, a node...), ``None`` for no URL."""
        return run_sync(self._get_object_by_kind_flow(url))

    def _get_components_from_path(self, path: str) -> Dict[str, Any]:
        """``{"name", "zone" or "region" (or None), "resource"}`` of a resource URL or path."""
        parts = path.rstrip("/").split("/")
        found: Dict[str, Any] = {"name": parts[-1], "resource": parts[-2] if len(parts) > 1 else None}
        for scope in ("zones", "regions"):
            if scope in parts and parts.index(scope) + 1 < len(parts):
                found[scope[:-1]] = parts[parts.index(scope) + 1]
        return found

    @operation
    def ex_set_common_instance_metadata(self, metadata: Any = None, force: bool = False) -> Flow[bool]:
        """Replace the project's common instance metadata (a dict or the API's ``{"items": [...]}``)."""
        if not isinstance(metadata, dict):
            raise ValueError("metadata must be a dict")
        formatted = self._format_metadata("na", metadata)
        project = yield from self.ex_get_project.flow()
        current = project.extra.get("commonInstanceMetadata") or {}
        keys = "".join(i.get("value", "") for i in current.get("items") or [] if i.get("key") == "sshKeys")
        items = self._set_project_metadata(formatted, force, keys)
        data = {"fingerprint": current.get("fingerprint"), "items": items}
        yield from self._op("/setCommonInstanceMetadata", data=data)
        return True

    @operation
    def ex_set_usage_export_bucket(self, bucket: str, prefix: Optional[str] = None) -> Flow[bool]:
        """Export daily usage reports to a Cloud Storage bucket (``gs://...``)."""
        if not (bucket.startswith("https://www.googleapis.com/") or bucket.startswith("gs://")):
            raise ValueError("Invalid bucket name: %s" % bucket)
        data: Dict[str, Any] = {"bucketName": bucket}
        if prefix:
            data["reportNamePrefix"] = prefix
        yield from self._op("/setUsageExportBucket", data=data)
        return True
