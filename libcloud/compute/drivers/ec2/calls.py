"""How every EC2 method talks to the API: one action = one GET (POST when too long), pages via NextToken."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple
from xml.etree.ElementTree import Element

from libcloud._core.flow import Call, Flow
from libcloud._core.paginate import collect_pages
from libcloud.compute.base import NodeDriver
from libcloud.compute.drivers.ec2.connection import API_VERSION, form_headers, request_shape
from libcloud.compute.drivers.ec2 import parse, query

__all__ = ["EC2Calls"]


class EC2Calls(NodeDriver):
    """Base of the concern mixins: the request helpers they share.

    It derives from ``NodeDriver`` so that each mixin is typed as the driver
    it becomes part of (the driver's MRO is the same: ``NodeDriver`` comes
    after every mixin either way).
    """

    connection: Any
    #: Whether the cloud supports tags (TagSpecification at creation, CreateTags); Nimbus does not.
    supports_tags = True
    #: Whether elastic IPs exist (list_nodes adds them to ``public_ips``); Nimbus has none.
    supports_elastic_ips = True

    def _call(self, action: str, params: Optional[Mapping[str, Any]] = None, idempotent: bool = False) -> Call:
        """The effect of one API action.

        Describe* actions are safe to repeat (``idempotent=True``); actions that
        change something are retried only when they carry a ClientToken.
        """
        values: Dict[str, Any] = {"Action": action, "Version": self._api_version()}
        if params:
            values.update(params)
        method, query, form = request_shape(values)
        headers = form_headers() if form is not None else None
        return self.connection.call("/", params=query, data=form, method=method,
                                    headers=headers, idempotent=idempotent)

    def _api_version(self) -> str:
        """The API version sent as ``Version`` (the connection's; compatible clouds may pin their own)."""
        return getattr(self.connection, "version", None) or API_VERSION

    def _describe(self, action: str, params: Optional[Mapping[str, Any]] = None) -> Call:
        return self._call(action, params, idempotent=True)

    def _page_flow(self, action: str, params: Mapping[str, Any], parse_page: Callable[[Element], List[Any]],
                   token: Optional[str] = None) -> Flow[Tuple[List[Any], Optional[str]]]:
        """One page of a Describe* action: ``(items, next token or None)``."""
        page_params = dict(params)
        if token:
            page_params["NextToken"] = token
        response = yield self._describe(action, page_params)
        return parse_page(response.object), parse.next_token(response.object)

    def _describe_all(self, action: str, params: Mapping[str, Any],
                      parse_page: Callable[[Element], List[Any]]) -> Flow[List[Any]]:
        """Every page of a Describe* action, following NextToken until the last page."""
        return (yield from collect_pages(lambda token: self._page_flow(action, params, parse_page, token)))

    def _call_ok(self, action: str, params: Mapping[str, Any], idempotent: bool = True) -> Flow[bool]:
        """Run an action that answers with a ``<return>`` flag (deletes, attaches, attribute changes)."""
        response = yield self._call(action, params, idempotent=idempotent)
        return parse.return_value(response.object)

    def _list_items(self, action: str, item_path: str, parse_item: Callable[[Element], Any],
                    filters: Optional[Mapping[str, Any]] = None,
                    **id_lists: Optional[Sequence[str]]) -> Flow[List[Any]]:
        """Every item of a Describe* action, narrowed by ``filters`` and id lists.

        Each keyword names a numbered parameter (``VpcId=["vpc-1"]`` -> ``VpcId.1``);
        ``item_path`` finds the items in each page and ``parse_item`` builds one model.
        """
        params = query.filters(filters)
        for prefix, values in id_lists.items():
            if values:
                params.update(query.numbered(prefix, list(values)))
        return (yield from self._describe_all(
            action, params, lambda root: [parse_item(item) for item in root.findall(item_path)]))

    def _create_named(self, action: str, params: Dict[str, Any], resource_type: str, name: Optional[str],
                      element: str, parse_item: Callable[[Element], Any]) -> Flow[Any]:
        """Create a resource tagged ``Name=name`` (when given), parsed from the ``element`` of the answer.

        The answer may predate the tag, so the model gets ``name`` set here.
        """
        if name:
            params.update(query.tag_specifications({resource_type: {"Name": name}}))
        response = yield self._call(action, params)
        created = parse_item(response.object.find(element))
        if name:
            created.name = name
        return created
