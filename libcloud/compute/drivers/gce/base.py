"""The GCE driver's core: construction, requests as flows, listings, URLs, zones and regions.

Resources refer to each other by URL (``selfLink``).  :meth:`GCEBase._fetch`
gets any such URL (other projects' too); zones and regions of this project
are cached after the first listing, so parsing an answer rarely costs a
request.
"""

from __future__ import annotations

from types import GeneratorType
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union
from urllib.parse import urlsplit

from libcloud._core.flow import Flow, operation
from libcloud.common.google import ResourceNotFoundError
from libcloud.common.google.driver import GoogleBaseDriver
from libcloud.common.types import LibcloudError
from libcloud.compute.base import NodeDriver
from libcloud.compute.drivers.gce.connection import API_VERSION, GCEConnection, GCEList, page_params
from libcloud.compute.drivers.gce.models import GCEProject, GCERegion, GCEZone
from libcloud.compute.types import Provider

__all__ = ["GCEBase", "API_ROOT", "global_list", "global_get", "zonal_list"]

API_ROOT = "https://www.googleapis.com/compute/%s/projects/" % API_VERSION


def name_of(value: Any) -> str:
    """The name of an object, or the last part of a URL, or the string itself."""
    if value is None:
        return ""
    if hasattr(value, "name"):
        return str(value.name)
    return str(value).rstrip("/").split("/")[-1]


def url_project(url: str) -> Optional[str]:
    """The project a resource URL belongs to."""
    parts = urlsplit(url).path.split("/")
    return parts[parts.index("projects") + 1] if "projects" in parts and parts.index("projects") + 1 < len(parts) \
        else None


def global_list(collection: str, parser: str, doc: str) -> Any:
    """An operation ``method()``: every item of the project's ``/global/<collection>``, each through the
    driver's method named ``parser`` (see :meth:`GCEBase._parse_each`)."""
    def method(self: "GCEBase") -> Flow[List[Any]]:
        return (yield from self._list_parsed("/global/" + collection, getattr(self, parser)))

    method.__doc__ = doc
    return operation(method)


def global_get(collection: str, parser: str, doc: str) -> Any:
    """An operation ``method(name)``: the item of ``/global/<collection>`` with that name (or that URL)."""
    template = "/global/%s/%%s" % collection

    def method(self: "GCEBase", name: str) -> Flow[Any]:
        return (yield from self._fetch_parsed(self._path_or_url(name, template), getattr(self, parser)))

    method.__doc__ = doc
    return operation(method)


def _listed(attr: str, listing: str, empty: Callable[[], Any], doc: str) -> Any:
    """A read-only property: the driver's table ``attr`` (of zones or regions), filled by the
    operation named ``listing`` on first use (``empty()`` when the listing found nothing)."""
    def get(self: "GCEBase") -> Any:
        if getattr(self, attr) is None:
            getattr(self, listing)()
        return getattr(self, attr) or empty()

    return property(get, doc=doc)


def zonal_list(resource: str, parser: str, doc: str) -> Any:
    """An operation ``method(zone=None)``: the zonal collection ``resource`` of the driver's zone, of
    ``zone``, or of every zone (``"all"``), each item through the driver's method named ``parser``."""
    def method(self: Any, zone: Any = None) -> Flow[List[Any]]:
        return (yield from self._zoned_parsed(zone, resource, getattr(self, parser)))

    method.__doc__ = doc
    return operation(method)


class GCEBase(GoogleBaseDriver, NodeDriver):
    """Construction, request flows, URLs, zones, regions and the project."""

    connectionCls = GCEConnection
    api_name = "google"
    name = "Google Compute Engine"
    type = Provider.GCE
    website = "https://cloud.google.com/"
    default_scopes = ["https://www.googleapis.com/auth/cloud-platform"]

    def __init__(self, user_id: Optional[str] = None, key: Any = None, datacenter: Optional[str] = None,
                 project: Optional[str] = None, auth_type: Optional[str] = None, scopes: Optional[List[str]] = None,
                 credential_file: Optional[str] = None, **kwargs: Any) -> None:
        # Without credentials the project may come with Application Default Credentials (checked below).
        if not project and not (user_id is None and key is None):
            raise ValueError("Project name must be specified using 'project' keyword.")
        self._zone_dict: Optional[Dict[str, GCEZone]] = None
        self._zone_list: Optional[List[GCEZone]] = None
        self._region_dict: Optional[Dict[str, GCERegion]] = None
        self._region_list: Optional[List[GCERegion]] = None
        self._volume_cache: Optional[Dict[Tuple[str, str], Any]] = None
        super().__init__(user_id, key, project=project, auth_type=auth_type, scopes=scopes,
                         credential_file=credential_file, **kwargs)
        if not self.project:
            raise ValueError("Project name must be specified using 'project' keyword (or GOOGLE_CLOUD_PROJECT).")
        self.base_path = "/compute/%s/projects/%s" % (API_VERSION, self.project)
        self.zone: Any = None
        self.region: Any = None
        if datacenter:
            self.zone = self.ex_get_zone(datacenter)
            self.region = self._get_region_from_zone(self.zone)

    # -- requests ---------------------------------------------------------------------------------
    def _fetch(self, action: str, params: Optional[Dict[str, Any]] = None) -> Flow[Dict[str, Any]]:
        """GET a path (under the project) or any resource URL; the JSON answer."""
        response = yield self.connection.call(action, params=params)
        return dict(response.object or {})

    def _op(self, action: str, method: str = "POST", data: Any = None, params: Any = None) -> Flow[Any]:
        """Start an operation and wait for it to finish (raises the operation's error)."""
        conn: Any = self.connection
        override = vars(conn).get("async_request")
        if override is not None:  # code that replaced upstream's blocking hook keeps being honoured
            return override(action, data=data, method=method) if params is None else \
                override(action, params=params, data=data, method=method)
        response = yield from conn.async_request_flow(action, params=params, data=data, method=method)
        return response

    def _list(self, action: str, max_results: Optional[int] = None) -> Flow[List[Dict[str, Any]]]:
        """Every item of a collection, following page tokens (or one page inside ``ex_list``)."""
        manual = page_params()
        if manual is not None:
            query = {k: v for k, v in manual.items() if k != "nextPageToken"}
            body = yield from self._fetch(action, query)
            manual["nextPageToken"] = body.get("nextPageToken")
            return list(body.get("items") or [])
        items: List[Dict[str, Any]] = []
        params: Dict[str, Any] = {"maxResults": max_results} if max_results else {}
        seen = set()
        while True:
            body = yield from self._fetch(action, dict(params) or None)
            items.extend(body.get("items") or [])
            token = body.get("nextPageToken")
            if not token:
                return items
            if token in seen:
                raise LibcloudError("%s repeated its page token; stopping" % (action,), driver=self)
            seen.add(token)
            params["pageToken"] = token

    def _aggregated(self, resource: str) -> Flow[Dict[str, List[Dict[str, Any]]]]:
        """``scope -> items`` of an aggregated listing (``zones/us-central1-a`` -> [...])."""
        manual = page_params()
        pages: List[Dict[str, Any]] = []
        if manual is not None:
            body = yield from self._fetch("/aggregated/%s" % resource,
                                          {k: v for k, v in manual.items() if k != "nextPageToken"})
            manual["nextPageToken"] = body.get("nextPageToken")
            pages.append(body)
        else:
            params: Dict[str, Any] = {}
            seen = set()
            while True:
                body = yield from self._fetch("/aggregated/%s" % resource, dict(params) or None)
                pages.append(body)
                token = body.get("nextPageToken")
                if not token:
                    break
                if token in seen:
                    raise LibcloudError("/aggregated/%s repeated its page token; stopping" % resource, driver=self)
                seen.add(token)
                params["pageToken"] = token
        merged: Dict[str, List[Dict[str, Any]]] = {}
        for body in pages:
            for scope, group in (body.get("items") or {}).items():
                merged.setdefault(scope, []).extend(group.get(resource) or [])
        return merged

    def _parse_each(self, items: List[Dict[str, Any]], parse: Any) -> Flow[List[Any]]:
        """Every item through ``parse``: a plain function, or a parsing flow (one that may fetch what an
        item links to, so it returns a generator)."""
        parsed = []
        for item in items:
            value = parse(item)
            if isinstance(value, GeneratorType):
                value = yield from value
            parsed.append(value)
        return parsed

    def _list_parsed(self, action: str, parse: Any) -> Flow[List[Any]]:
        """Every item of the collection ``action``, each through ``parse`` (see :meth:`_parse_each`)."""
        items = yield from self._list(action)
        return (yield from self._parse_each(items, parse))

    def _fetch_parsed(self, action: str, parse: Any) -> Flow[Any]:
        """One resource, through ``parse`` (see :meth:`_parse_each`)."""
        body = yield from self._fetch(action)
        return (yield from self._parse_each([body], parse))[0]

    @staticmethod
    def _path_or_url(name: Any, template: str) -> str:
        """A resource URL given as ``name`` as is, else ``template % name`` (a project path).

        Only a scheme makes a URL: GCE names may start with "http" (``http-basic-check``).
        """
        return str(name) if str(name).startswith(("https://", "http://")) else template % name

    def _created(self, collection: str, data: Dict[str, Any], get: Any, *scope: Any,
                 description: Optional[str] = None) -> Flow[Any]:
        """Insert ``data`` (with ``description`` when given) into ``collection``, wait for the operation,
        and return the new resource: ``get(name, *scope)``."""
        if description:
            data["description"] = description
        yield from self._op(collection, data=data)
        return (yield from get.flow(data["name"], *scope))

    def _delete(self, action: str) -> Flow[bool]:
        """Delete a resource and wait for the operation; ``True`` when done."""
        yield from self._op(action, method="DELETE")
        return True

    def _aggregated_items(self, resource: str) -> Flow[List[Dict[str, Any]]]:
        groups = yield from self._aggregated(resource)
        return [item for items in groups.values() for item in items]

    def _regional_list(self, region: Any, resource: str, parse: Any,
                       path: Optional[Callable[[Any], str]] = None) -> Flow[List[Any]]:
        """A regional collection, each item through ``parse``: the driver's region, ``region``, or every
        region (``"all"``, or no region at all); ``path`` maps a region to the collection's path."""
        region = yield from self._region_or_default(region)
        if region in (None, "all"):
            items = yield from self._aggregated_items(resource)
        else:
            items = yield from self._list(path(region) if path else "/regions/%s/%s" % (region.name, resource))
        return (yield from self._parse_each(items, parse))

    # -- names and URLs ---------------------------------------------------------------------------
    def _url(self, path: str, project: Optional[str] = None) -> str:
        """The full URL of a path of this (or another) project."""
        return API_ROOT + (project or self.project or "") + "/" + path.lstrip("/")

    def _get_selflink_or_name(self, obj: Any, get_selflinks: bool = True, objname: Optional[str] = None) -> str:
        """``obj``'s selfLink (or name): objects give theirs, names become ``global/<objname>s/<name>`` URLs."""
        if get_selflinks:
            if not isinstance(obj, str):
                return str(obj.extra["selfLink"])
            if obj.startswith("https://"):
                return obj
            if not objname:
                raise ValueError("objname must be set if selflinks is True.")
            return self._url("global/%ss/%s" % (objname, obj))
        return obj if isinstance(obj, str) else str(obj.name)

    # -- zones and regions ------------------------------------------------------------------------
    zone_dict = _listed("_zone_dict", "ex_list_zones", dict, "The project's zones by name (fetched once).")
    zone_list = _listed("_zone_list", "ex_list_zones", list, "The project's zones (fetched once).")
    region_dict = _listed("_region_dict", "ex_list_regions", dict, "The project's regions by name (fetched once).")
    region_list = _listed("_region_list", "ex_list_regions", list, "The project's regions (fetched once).")

    def _listed_flow(self, attr: str, listing: Any) -> Flow[Any]:
        if getattr(self, attr) is None:
            yield from listing.flow()
        return getattr(self, attr) or {}

    def _zones_flow(self) -> Flow[Dict[str, GCEZone]]:
        return (yield from self._listed_flow("_zone_dict", self.ex_list_zones))

    def _regions_flow(self) -> Flow[Dict[str, GCERegion]]:
        return (yield from self._listed_flow("_region_dict", self.ex_list_regions))

    def _known_scope(self, text: str, parse: Any, table: Any) -> Flow[Any]:
        """The zone or region ``text`` names or links: another project's fetched (through ``parse``),
        this project's from the cached table ``table`` yields (``None`` when it is not there)."""
        if text.startswith("http") and url_project(text) not in (None, self.project):
            return (yield from self._fetch_parsed(text, parse))
        return (yield from table()).get(name_of(text))

    def _zone_flow(self, zone: Any) -> Flow[Optional[GCEZone]]:
        """The zone named (or linked) by ``zone``: cached for this project, fetched otherwise."""
        if zone is None or isinstance(zone, GCEZone):
            return zone
        text = str(zone)
        found = yield from self._known_scope(text, self._to_zone, self._zones_flow)
        # Not among the project's zones (a scope of an aggregated list, say): known by name only.
        if found is not None:
            return found
        return self._lazy_zone(text if text.startswith("http") else self._url("zones/%s" % text))

    def _region_flow(self, region: Any) -> Flow[Any]:
        """The region named (or linked) by ``region``; ``"global"`` stays a string."""
        if region is None or isinstance(region, GCERegion) or region == "global":
            return region
        found = yield from self._known_scope(str(region), self._to_region, self._regions_flow)
        if found is not None:
            return found
        return (yield from self._fetch_parsed("/regions/%s" % name_of(str(region)), self._to_region))

    def _to_zone(self, body: Dict[str, Any]) -> GCEZone:
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "description", "region", "kind")}
        return GCEZone(id=body.get("id"), name=body["name"], status=body.get("status"),
                       maintenance_windows=body.get("maintenanceWindows"), deprecated=body.get("deprecated"),
                       driver=self, extra=extra)

    def _to_region(self, body: Dict[str, Any]) -> GCERegion:
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "description", "kind")}
        zones = [self._zone_dict.get(name_of(z)) if self._zone_dict else None for z in body.get("zones") or []]
        urls = body.get("zones") or []
        zones = [z if z is not None else self._lazy_zone(url) for z, url in zip(zones, urls, strict=True)]
        return GCERegion(id=body.get("id"), name=body["name"], status=body.get("status"), zones=zones,
                         quotas=body.get("quotas"), deprecated=body.get("deprecated"), driver=self, extra=extra)

    def _lazy_zone(self, url: str) -> GCEZone:
        """A zone known only by its URL (the region lists it; details come with ``ex_get_zone``)."""
        return GCEZone(id=None, name=name_of(url), status=None, maintenance_windows=None, deprecated=None,
                       driver=self, extra={"selfLink": url})

    def _list_scopes(self, kind: str, parse: Any) -> Flow[List[Any]]:
        """List the project's zones or regions (``kind``) and cache them (``_<kind>_list``, ``_<kind>_dict``)."""
        scopes = [parse(item) for item in (yield from self._list("/%ss" % kind))]
        setattr(self, "_%s_list" % kind, scopes)
        setattr(self, "_%s_dict" % kind, {scope.name: scope for scope in scopes})
        return scopes

    @operation
    def ex_list_zones(self) -> Flow[List[GCEZone]]:
        """Every zone of the project."""
        return (yield from self._list_scopes("zone", self._to_zone))

    @operation
    def ex_list_regions(self) -> Flow[List[GCERegion]]:
        """Every region of the project."""
        yield from self._zones_flow()  # regions name their zones: the zone table first
        return (yield from self._list_scopes("region", self._to_region))

    @operation
    def list_locations(self) -> Flow[List[GCEZone]]:  # type: ignore[override]  # upstream: GCE zones
        """The zones (nodes are created in zones)."""
        return (yield from self.ex_list_zones.flow())

    @operation
    def ex_get_zone(self, name: Any) -> Flow[Optional[GCEZone]]:
        """A zone by name (the project's zones are listed once, others fetched)."""
        if name is None or isinstance(name, GCEZone):
            return name
        zones = yield from self._zones_flow()
        found = zones.get(name_of(name))
        if found is not None:
            return found
        return (yield from self._fetch_parsed("/zones/%s" % name_of(name), self._to_zone))

    @operation
    def ex_get_region(self, name: Any) -> Flow[Any]:
        """A region by name."""
        return (yield from self._region_flow(name))

    def _get_region_from_zone(self, zone: Any) -> Optional[GCERegion]:
        """The region a zone belongs to."""
        if zone is None:
            return None
        region_name = name_of(zone).rsplit("-", 1)[0]
        return self.region_dict.get(region_name)

    def _zone_or_default(self, zone: Any) -> Flow[Any]:
        """``zone`` as a zone object, the driver's zone when ``None``, ``"all"`` kept."""
        if zone == "all":
            return "all"
        if zone is None:
            return self.zone
        return (yield from self._zone_flow(zone))

    def _region_or_default(self, region: Any) -> Flow[Any]:
        if region in ("all", "global"):
            return region
        if region is None:
            return self.region
        return (yield from self._region_flow(region))

    def _find_zone_or_region(self, name: str, res_type: str, region: bool = False,
                             res_name: Optional[str] = None) -> Any:
        """The zone (or region) holding the ``res_type`` resource called ``name`` (aggregated search)."""
        from libcloud._core.flow import run_sync

        return run_sync(self._find_scope_flow(name, res_type, region, res_name))

    def _region_of(self, name: str, region: Any, collection: str, res_name: Optional[str] = None) -> Flow[Any]:
        """Where the regional resource ``name`` is: ``region``, else the driver's, else found in every region."""
        region = yield from self._region_or_default(region)
        if region in (None, "all"):
            region = yield from self._find_scope_flow(name, collection, region=True, res_name=res_name)
        return region

    def _zone_of(self, name: str, zone: Any, collection: str, res_name: Optional[str] = None) -> Flow[Any]:
        """Where the zonal resource ``name`` is: ``zone``, else the driver's, else found in every zone."""
        zone = yield from self._zone_or_default(zone)
        if zone in (None, "all"):
            zone = yield from self._find_scope_flow(name, collection, res_name=res_name)
        return zone

    def _scoped_get(self, name: str, scope: Any, collection: str, res_name: Optional[str], parse: Any,
                    zonal: bool = False) -> Flow[Any]:
        """A regional (or ``zonal``) resource by URL, or by name in ``scope`` (else the driver's region or
        zone, else the one it is found in), through ``parse``."""
        if str(name).startswith(("https://", "http://")):
            return (yield from self._fetch_parsed(name, parse))
        if zonal:
            where = yield from self._zone_of(name, scope, collection, res_name)
        else:
            where = yield from self._region_of(name, scope, collection, res_name)
        path = "/%s/%s/%s/%s" % ("zones" if zonal else "regions", name_of(where), collection, name)
        return (yield from self._fetch_parsed(path, parse))

    def _find_scope_flow(self, name: str, res_type: str, region: bool = False,
                         res_name: Optional[str] = None) -> Flow[Any]:
        groups = yield from self._aggregated(res_type)
        for scope, items in groups.items():
            if any(item.get("name") == name for item in items):
                scope_name = scope.split("/", 1)[-1]
                if region:
                    return (yield from self._region_flow(scope_name))
                return (yield from self._zone_flow(scope_name))
        raise ResourceNotFoundError("%s '%s' not found in any %s" % (res_name or res_type, name,
                                                                      "region" if region else "zone"),
                                    404, "notFound")

    # -- project ----------------------------------------------------------------------------------
    @operation
    def ex_get_project(self) -> Flow[GCEProject]:
        """The project: quotas, common instance metadata, usage export bucket."""
        body = yield from self._fetch("")
        extra = {k: body.get(k) for k in ("selfLink", "creationTimestamp", "description",
                                          "commonInstanceMetadata", "usageExportLocation")}
        return GCEProject(id=body.get("id"), name=str(body.get("name", "")), metadata=body.get("commonInstanceMetadata"),
                          quotas=body.get("quotas"), driver=self, extra=extra)

    def ex_list(self, list_fn: Any, **kwargs: Any) -> GCEList:
        """Page through ``list_fn`` (any ``list_*``/``ex_list_*`` method): ``ex_list(f).page(100).filter(...)``."""
        return GCEList(driver=self, list_fn=list_fn, **kwargs)

    def _iter_pages(self, list_fn: Any) -> Iterator[List[Any]]:
        return iter(self.ex_list(list_fn))

    def _license_details(self, name: str, project: str) -> Dict[str, Any]:
        from libcloud._core.flow import run_sync

        return run_sync(self._fetch(self._url("global/licenses/%s" % name, project)))

    def _resolve(self, value: Union[str, Any], kind: str) -> str:
        return self._get_selflink_or_name(value, True, kind)
