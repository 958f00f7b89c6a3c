"""The driver's shared plumbing: CaaS calls, paged listings, locations and small helpers."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow, operation
from libcloud._core.paginate import PageFlow
from libcloud.common.dimensiondata import DimensionDataAPIException
from libcloud.common.dimensiondata.connection import collector_paused
from libcloud.compute.base import Node, NodeDriver, NodeImage, NodeLocation, NodeSize
from libcloud.compute.drivers.dimensiondata import parse
from libcloud.compute.drivers.dimensiondata.xmlbody import document, object_id, to_bytes

__all__ = ["DimensionDataCalls", "SUCCESS_CODES", "filters"]

#: Answers of an accepted operation.
SUCCESS_CODES = ("OK", "IN_PROGRESS", "SUCCESS")


def filters(pairs: Mapping[str, Any]) -> Dict[str, Any]:
    """Query parameters from (name -> model, id or value); None values are left out."""
    return {name: object_id(value) for name, value in pairs.items() if value is not None}


class DimensionDataCalls(NodeDriver):
    """Base of the concern mixins (typed as the driver they become part of)."""

    connection: Any

    # -- calls ---------------------------------------------------------------------
    def _get(self, action: str, params: Optional[Mapping[str, Any]] = None) -> Flow[Element]:
        response = yield from self.connection.api_2(action, params=dict(params) if params else None)
        return response.object

    def _post(self, action: str, body: Element) -> Flow[Element]:
        response = yield from self.connection.api_2(action, data=to_bytes(body), method="POST")
        return response.object

    def _post_ok(self, action: str, body: Element) -> Flow[bool]:
        root = yield from self._post(action, body)
        return parse.response_code(root) in SUCCESS_CODES

    def _post_id(self, action: str, target: Any) -> Flow[bool]:
        """POST ``action`` (``area/name``) with a ``name`` document naming ``target`` (a model or an id) only."""
        return (yield from self._post_ok(action, document(action.rsplit("/", 1)[-1], {"id": object_id(target)})))

    def _located(self, action: str, parse_item: Callable[[Element, Any, Any], Any]) -> Flow[Any]:
        """GET ``action``; the answer through ``parse_item(root, locations, driver)`` (it names its datacenter)."""
        root = yield from self._get(action)
        locations = yield from self._locations()
        return parse_item(root, locations, self)

    def _pages(self, action: str, params: Mapping[str, Any], parse_item: Callable[[Element], Any],
               page_size: Optional[int] = None) -> PageFlow[Any]:
        pages = self.connection.pages_api_2(action, filters(params), page_size)

        def page(token: Any) -> Flow[Tuple[List[Any], Any]]:
            items, following = yield from pages(token)
            return [parse_item(item) for item in items], following

        return page

    def _list(self, action: str, params: Mapping[str, Any], parse_item: Callable[[Element], Any],
              page_size: Optional[int] = None) -> Flow[List[Any]]:
        # The collector stays paused over the whole listing: each page's tree would otherwise be walked by
        # the collections its own allocations trigger once a page is parsed, and again by the following
        # pages' ones; the trees are dropped (by reference counting) before it is switched back on.
        with collector_paused():
            elements = yield from self.connection.collect_api_2(action, filters(params), page_size)
            found = [parse_item(element) for element in elements]
            del elements
        return found

    # -- locations -------------------------------------------------------------------
    def _locations(self) -> Flow[Dict[str, NodeLocation]]:
        """Every datacenter by id (one listing; resources name their datacenter by id)."""
        found = yield from self._list("infrastructure/datacenter", {}, lambda e: parse.location(e, self))
        return {loc.id: loc for loc in found}

    def _list_locations(self, ex_id: Optional[str] = None) -> Flow[List[NodeLocation]]:
        return (yield from self._list("infrastructure/datacenter", {"id": ex_id},
                                      lambda e: parse.location(e, self)))

    @operation
    def list_locations(self, ex_id: Optional[str] = None) -> Flow[List[NodeLocation]]:
        """The datacenters (``ex_id``: only that one)."""
        return (yield from self._list_locations(ex_id))

    @operation
    def ex_get_location_by_id(self, id: Optional[str]) -> Flow[Optional[NodeLocation]]:
        """The datacenter ``id`` (None for None or an unknown id)."""
        if id is None:
            return None
        found = yield from self._list_locations(ex_id=id)
        return found[0] if found else None

    def _image(self, action: str, image_id: str) -> Flow[NodeImage]:
        """An OS image (``image/osImage``) or a customer image (``image/customerImage``) by id."""
        root = yield from self._get("%s/%s" % (action, image_id))
        locations = yield from self._locations()
        return parse.image(root, self, locations)

    def _node(self, node_id: str) -> Flow[Node]:
        root = yield from self._get("server/server/%s" % node_id)
        return parse.node(root, self)

    def _location_to_location_id(self, location: Any) -> str:
        if isinstance(location, NodeLocation):
            return str(location.id)
        if isinstance(location, str):
            return location
        raise TypeError("Invalid location type: a NodeLocation or a location id is required")

    def list_sizes(self, location: Optional[NodeLocation] = None) -> List[NodeSize]:
        """One placeholder size: CPU and memory are set per server (``ex_cpu_specification``, ``ex_memory_gb``)."""
        return [NodeSize(id="1", name="default", ram=0, disk=0, bandwidth=0, price=0, driver=self)]

    # -- waiting ------------------------------------------------------------------------
    def ex_wait_for_state(self, state: Any, func: Callable[..., Any], poll_interval: float = 2,
                          timeout: float = 60, *args: Any, **kwargs: Any) -> Any:
        """Call ``func(*args, **kwargs)`` until its result is in ``state`` (one state or a list of them).

        Raises DimensionDataAPIException (code: the last state seen) after ``timeout`` seconds.
        """
        wanted = state if isinstance(state, (list, tuple)) else [state]
        deadline = time.monotonic() + timeout
        while True:
            result = func(*args, **kwargs)
            current = getattr(result, "state", None)
            if current is None:
                current = getattr(result, "status", None)
            if current in wanted:
                return result
            if time.monotonic() >= deadline:
                raise DimensionDataAPIException(code=current, msg="Status check for object %s timed out" % result,
                                                driver=self)
            time.sleep(poll_interval)
