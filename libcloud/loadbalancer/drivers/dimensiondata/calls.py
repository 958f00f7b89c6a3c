"""The driver's CaaS calls: one ``networkDomainVip`` request, an operation, a whole listing."""

from __future__ import annotations

from typing import Any, Callable, List, Mapping, Optional
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow
from libcloud.common.dimensiondata import DimensionDataAPIException
from libcloud.common.dimensiondata.xmlbody import document, info_value, object_id, response_code, text, to_bytes
from libcloud.loadbalancer.base import Driver

__all__ = ["VipCalls", "SUCCESS_CODES"]

#: Answers of an accepted operation.
SUCCESS_CODES = ("OK", "IN_PROGRESS", "SUCCESS")
_VIP = "networkDomainVip/"


class VipCalls(Driver):
    """Base of the load balancer driver's mixins: ``networkDomainVip`` calls as flows."""

    connection: Any

    def _get(self, resource: str) -> Flow[Element]:
        response = yield from self.connection.api_2(_VIP + resource)
        return response.object

    def _list(self, resource: str, parse_item: Callable[[Element], Any],
              params: Optional[Mapping[str, Any]] = None) -> Flow[List[Any]]:
        wanted = {name: object_id(value) for name, value in (params or {}).items() if value is not None}
        elements = yield from self.connection.collect_api_2(_VIP + resource, wanted or None)
        return [parse_item(element) for element in elements]

    def _post(self, operation: str, body: Element) -> Flow[Element]:
        response = yield from self.connection.api_2(_VIP + operation, data=to_bytes(body), method="POST")
        return response.object

    def _post_ok(self, operation: str, body: Element) -> Flow[bool]:
        root = yield from self._post(operation, body)
        return response_code(root) in SUCCESS_CODES

    def _delete(self, operation: str, resource_id: Any) -> Flow[bool]:
        """``<operation id="..."/>``: the delete and remove operations."""
        return (yield from self._post_ok(operation, document(operation, {"id": object_id(resource_id)})))

    def _created(self, operation: str, body: Element, id_name: str) -> Flow[Element]:
        """Run a create operation; the answer (whose ``info`` named ``id_name`` is the new id)."""
        root = yield from self._post(operation, body)
        if info_value(root, id_name) is None:
            raise DimensionDataAPIException(code=response_code(root), msg=text(root, "message"), driver=self)
        return root
