"""What the classic (ELB) and application (ALB) load balancer drivers share.

Both speak the Elastic Load Balancing Query API (service ``elasticloadbalancing``,
SigV4): GET requests with ``Action`` and its parameters in the query string,
under the path ``/<API version>/`` as upstream sent them.  Lists in requests
are ``Name.member.N``; lists in answers are ``<Name><member>...`` elements.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from libcloud._core.paginate import PageGuard
from libcloud._core.flow import Flow
from libcloud.common.aws import AWSGenericResponse, SignedAWSConnection
from libcloud.common.aws.driver import RegionalAWSDriver
from libcloud.common.aws.endpoints import load_regions

#: The regional host pattern (upstream's module constant of both drivers).
HOST = "elasticloadbalancing.%s.amazonaws.com"

__all__ = ["HOST", "ELBFamilyConnection", "ELBFamilyDriver", "member_params", "members", "text", "tags_of",
           "int_or_none"]


class ELBFamilyConnection(SignedAWSConnection):
    """A SigV4 Query API connection to Elastic Load Balancing (the version sets the path)."""

    responseCls = AWSGenericResponse
    service_name = "elasticloadbalancing"
    host = "elasticloadbalancing.us-east-1.amazonaws.com"

    #: The path calls are sent to: None is upstream's ``/<version>/`` (AWS accepts it);
    #: emulators such as moto route only ``/``, so point ``api_path`` there for them.
    api_path: Optional[str] = None

    def morph_action_hook(self, action: str) -> str:
        if action in ("", "/"):
            action = self.api_path or "/%s/" % (self.version,)
        return super().morph_action_hook(action)


class ELBFamilyDriver(RegionalAWSDriver):
    """Credentials, region and host of an Elastic Load Balancing driver."""

    region: str
    endpoint_service = "elasticloadbalancing"
    website = "http://aws.amazon.com/elasticloadbalancing/"
    signature_version = "4"

    def list_regions(self) -> List[str]:
        """The AWS regions this library knows."""
        return sorted(load_regions())

    def _call(self, action: str, params: Optional[Dict[str, Any]] = None) -> Flow[Any]:
        """One Query API call; returns the parsed XML root."""
        query: Dict[str, Any] = {"Action": action}
        query.update(params or {})
        response = yield self.connection.call("/", params=query)
        return response.object

    def _paged(self, action: str, params: Dict[str, Any], item_path: str) -> Flow[List[Any]]:
        """Every ``item_path`` element over all pages (``Marker`` / ``NextMarker``)."""
        found: List[Any] = []
        marker: Optional[str] = None
        guard = PageGuard()  # a repeated NextMarker raises PagingError instead of looping
        while True:
            query = dict(params)
            if marker:
                query["Marker"] = marker
            root = yield from self._call(action, query)
            found.extend(members(root, item_path))
            marker = guard.advance(text(root, "NextMarker"))
            if not marker:
                return found


def member_params(name: str, values: Iterable[Any]) -> Dict[str, str]:
    """``{"Name.member.1": v1, ...}``: a list argument of the Query API."""
    return {"%s.member.%d" % (name, index): str(value) for index, value in enumerate(values, 1)}


def members(element: Any, path: str) -> List[Any]:
    """The ``<member>`` elements of the list at ``path`` (searched anywhere under ``element``)."""
    if element is None or not hasattr(element, "iter"):
        return []
    return element.findall(".//%s/member" % (path,))


def text(element: Any, path: str, default: Any = None) -> Any:
    """Text of the first ``path`` element anywhere under ``element`` (``default`` when missing)."""
    if element is None or not hasattr(element, "iter"):
        return default
    found = element.find(".//%s" % (path,))
    if found is None or found.text is None:
        return default
    return found.text.strip()


def tags_of(description: Any) -> Dict[str, str]:
    """``{key: value}`` of one ``TagDescriptions/member``."""
    return {text(tag, "Key"): text(tag, "Value", "") for tag in members(description, "Tags")}


def int_or_none(value: Any) -> Optional[int]:
    """``value`` as an int; ``None`` when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
