"""How every EC2 method talks to the API: one action = one GET (POST when too long), pages via NextToken."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple
from xml.etree.ElementTree import Element

from libcloud._core.flow import Call, Flow
from libcloud._core.paginate import collect_pages
from libcloud.compute.base import NodeDriver
from libcloud.compute.drivers.ec2.connection import API_VERSION, form_headers, request_shape
from libcloud.compute.drivers.ec2 import parse

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
