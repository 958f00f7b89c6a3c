"""Reverse DNS (PTR records) of Rackspace servers and load balancers, kept by Cloud DNS under ``/rdns``.

A PTR record belongs to a device, named by its API URL (``extra["uri"]``) and
the catalog name of the service that owns it (``extra["service_name"]``,
e.g. ``cloudServersOpenStack`` or ``cloudLoadBalancers``).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow, paged
from libcloud.common.rest import Paging, connection_sender, rest_pages
from libcloud.dns.drivers.rackspace.connection import RackspaceDNSError
from libcloud.dns.types import RecordType

__all__ = ["RackspacePTRRecord", "RackspacePTRMixin"]

_PTR_RECORDS = Paging.offset("records", size=100, total_key="totalEntries")


class RackspacePTRRecord:
    """A reverse DNS record: ``ip`` points back to ``domain``; ``extra`` names the device it belongs to."""

    def __init__(self, id: Optional[str], ip: str, domain: str, driver: Any, extra: Optional[Dict[str, Any]] = None) -> None:
        self.id = str(id) if id else None
        self.ip = ip
        self.type = RecordType.PTR
        self.domain = domain
        self.driver = driver
        self.extra = extra or {}

    def update(self, domain: Optional[str] = None, extra: Optional[Dict[str, Any]] = None) -> "RackspacePTRRecord":
        """Point the record at another ``domain`` or change ``extra`` (``ttl``, ``comment``)."""
        record: RackspacePTRRecord = self.driver.ex_update_ptr_record(record=self, domain=domain, extra=extra)
        return record

    def delete(self) -> bool:
        """Delete the record."""
        return bool(self.driver.ex_delete_ptr_record(record=self))

    def __repr__(self) -> str:
        return "<%s: ip=%s, domain=%s, provider=%s ...>" % (self.__class__.__name__, self.ip, self.domain,
                                                             self.driver.name)


def _device_link(device: Any) -> Tuple[str, str]:
    """``(uri, service_name)`` of a Node or LoadBalancer from its ``extra``."""
    extra = getattr(device, "extra", None) or {}
    try:
        return extra["uri"], extra["service_name"]
    except KeyError as exc:
        raise ValueError("The device's extra must have 'uri' and 'service_name' (a Rackspace server or "
                         "load balancer)") from exc


class RackspacePTRMixin:
    """The ``ex_*_ptr_record`` methods of the Cloud DNS driver."""

    connection: Any
    _job: Any

    def _to_ptr(self, item: Dict[str, Any], uri: Optional[str], service_name: str) -> RackspacePTRRecord:
        extra: Dict[str, Any] = {key: item[key] for key in ("ttl", "comment", "created", "updated") if key in item}
        extra.update(uri=uri, service_name=service_name)
        return RackspacePTRRecord(item["id"], item["data"], item["name"], driver=self, extra=extra)

    @staticmethod
    def _ptr_body(item: Dict[str, Any], uri: str, service_name: str) -> Dict[str, Any]:
        return {"recordsList": {"records": [item]}, "link": {"content": "", "href": uri, "rel": service_name}}

    def _ptr_page(self, device: Any) -> PageFlow[RackspacePTRRecord]:
        uri, service_name = _device_link(device)
        pages = rest_pages(connection_sender(self.connection), "/rdns/%s" % (service_name,), _PTR_RECORDS,
                           lambda item: self._to_ptr(item, uri, service_name), params={"href": uri})

        def page(token: Any) -> Flow[Tuple[List[RackspacePTRRecord], Any]]:
            try:
                return (yield from pages(token))
            except RackspaceDNSError as exc:
                if exc.http_code == 404:
                    # Cloud DNS answers 404 for a device without PTR records.
                    return [], None
                raise

        return page

    @paged
    def ex_iterate_ptr_records(self, device: Any) -> PageFlow[RackspacePTRRecord]:
        """Yield the PTR records of ``device`` (a Rackspace Node or LoadBalancer)."""
        return self._ptr_page(device)

    @operation
    def ex_get_ptr_record(self, service_name: str, record_id: str) -> Flow[RackspacePTRRecord]:
        """The PTR record ``record_id`` of the service ``service_name`` (e.g. ``cloudServersOpenStack``)."""
        response = yield self.connection.call("/rdns/%s/%s" % (service_name, record_id))
        return self._to_ptr(response.object, None, service_name)

    @operation
    def ex_create_ptr_record(self, device: Any, ip: str, domain: str,
                             extra: Optional[Dict[str, Any]] = None) -> Flow[RackspacePTRRecord]:
        """Point ``ip`` of ``device`` back to ``domain``; ``extra``: ``ttl``, ``comment``."""
        uri, service_name = _device_link(device)
        item: Dict[str, Any] = {"type": "PTR", "name": domain, "data": ip}
        item.update({key: extra[key] for key in ("ttl", "comment") if extra and extra.get(key) is not None})
        job = yield from self._job("/rdns", "POST", self._ptr_body(item, uri, service_name))
        return self._to_ptr(job["response"]["records"][0], uri, service_name)

    @operation
    def ex_update_ptr_record(self, record: RackspacePTRRecord, domain: Optional[str] = None,
                             extra: Optional[Dict[str, Any]] = None) -> Flow[RackspacePTRRecord]:
        """Point ``record`` at another ``domain`` and/or change its ``ttl`` / ``comment``."""
        uri, service_name = _device_link(record)
        domain = domain if domain is not None else record.domain
        item: Dict[str, Any] = {"id": record.id, "type": "PTR", "name": domain, "data": record.ip}
        item.update({key: extra[key] for key in ("ttl", "comment") if extra and extra.get(key) is not None})
        yield from self._job("/rdns", "PUT", self._ptr_body(item, uri, service_name), record_id=record.id)
        return RackspacePTRRecord(record.id, record.ip, domain, driver=self, extra=dict(record.extra, **(extra or {})))

    @operation
    def ex_delete_ptr_record(self, record: RackspacePTRRecord) -> Flow[bool]:
        """Delete the PTR record (Cloud DNS deletes it by device and IP)."""
        uri, service_name = _device_link(record)
        yield from self._job("/rdns/%s" % (service_name,), "DELETE", params={"href": uri, "ip": record.ip},
                             record_id=record.id)
        return True
