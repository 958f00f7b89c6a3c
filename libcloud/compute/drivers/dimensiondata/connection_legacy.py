"""Legacy (OEC 0.9) calls shared by the mixins: XML posts whose answer is a ``Status`` document."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from libcloud._core.flow import Flow
from libcloud.common.dimensiondata import GENERAL_NS
from libcloud.compute.drivers.dimensiondata.xmlbody import to_bytes

__all__ = ["legacy_post", "legacy_ok"]


def legacy_post(connection: Any, action: str, body: bytes) -> Flow[Element]:
    """POST an XML body to the legacy API under the organisation; the parsed answer."""
    response = yield from connection.api_1(action, data=body, method="POST")
    return response.object


def legacy_ok(connection: Any, action: str, body: Element) -> Flow[bool]:
    """POST ``body``; whether the ``Status`` answer says SUCCESS."""
    root = yield from legacy_post(connection, action, to_bytes(body))
    return root.findtext("{%s}result" % GENERAL_NS) == "SUCCESS"
