"""What the package registers: its APIs and, for each, the provider constants and driver classes.

Nothing here is written by hand. An API is any sub-package ``libcloud.<name>``
that has a ``providers`` module with a ``DRIVERS`` table and a ``base`` module
defining the API's driver base class (a subclass of
:class:`libcloud.common.base.BaseDriver`). A provider's status comes from the
API's own ``get_driver``: a class, or ``ProviderNotImplementedError``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Dict, List, Optional, Tuple

#: Titles of the APIs we know of; an API missing here is titled from its package name.
API_TITLES: Dict[str, str] = {
    "compute": "Compute",
    "storage": "Object storage",
    "dns": "DNS",
    "loadbalancer": "Load balancer",
    "container": "Containers",
    "backup": "Backup",
}

#: Order of the APIs on the pages (unknown ones follow, alphabetically).
API_ORDER: Tuple[str, ...] = ("compute", "storage", "dns", "loadbalancer", "container", "backup")

IMPLEMENTED = "implemented"
NOT_YET = "not yet"


@dataclass
class ProviderRow:
    """One entry of an API's ``DRIVERS`` table."""

    constant: str  #: the ``Provider`` attribute name, e.g. ``"S3"``
    value: str  #: the constant's string value, e.g. ``"s3"``
    module: str  #: the registered module path
    class_name: str  #: the registered class name
    status: str  #: :data:`IMPLEMENTED` or :data:`NOT_YET`
    driver: Optional[type] = None  #: the class ``get_driver`` returns, when implemented

    @property
    def path(self) -> str:
        """``module.Class`` as registered (where the docs document the class)."""
        return "%s.%s" % (self.module, self.class_name)

    @property
    def name(self) -> str:
        """The provider's display name: the driver's ``name``, else one made from the class name."""
        for klass in getattr(self.driver, "__mro__", ()):
            if "name" in vars(klass):
                # Only a name set by the driver's own module tree (not one inherited from
                # the driver it reuses, e.g. S3's for an S3-compatible provider).
                name = vars(klass)["name"]
                if isinstance(name, str) and name and klass.__module__.startswith(self.module):
                    return name
                break
        short = self.class_name
        for suffix in ("NodeDriver", "StorageDriver", "DNSDriver", "LBDriver", "ContainerDriver",
                       "BackupDriver", "Driver"):
            if short.endswith(suffix) and short != suffix:
                return short[: -len(suffix)]
        return short


@dataclass
class ApiInfo:
    """One API of the package (compute, storage, DNS, ...)."""

    name: str  #: the sub-package name, e.g. ``"storage"``
    package: str  #: e.g. ``"libcloud.storage"``
    base: type  #: the driver base class, e.g. ``StorageDriver``
    providers: List[ProviderRow] = field(default_factory=list)
    renamed: Dict[str, str] = field(default_factory=dict)  #: removed constant -> its replacement

    @property
    def title(self) -> str:
        """The API's title on the pages."""
        return API_TITLES.get(self.name, self.name.replace("_", " ").capitalize())

    @property
    def implemented(self) -> List[ProviderRow]:
        """The rows whose driver libcloud-ng ships."""
        return [row for row in self.providers if row.status == IMPLEMENTED]


def _constant_names(types_module: Optional[ModuleType]) -> Dict[str, List[str]]:
    """``{value: [attribute names]}`` of the API's ``Provider`` class, in definition order."""
    provider = getattr(types_module, "Provider", None)
    names: Dict[str, List[str]] = {}
    if provider is None:
        return names
    members = getattr(provider, "__members__", None)
    items = list(members.items()) if members is not None else list(vars(provider).items())
    for attr, value in items:
        if attr.isupper():
            names.setdefault(str(getattr(value, "value", value)), []).append(attr)
    return names


def _base_class(package: str) -> Optional[type]:
    from libcloud.common.base import BaseDriver

    try:
        base_module = importlib.import_module(package + ".base")
    except ImportError:
        return None
    found = [obj for obj in vars(base_module).values()
             if inspect.isclass(obj) and issubclass(obj, BaseDriver) and obj is not BaseDriver
             and obj.__module__ == base_module.__name__]
    # The API's base is the root of the driver classes defined there.
    roots = [cls for cls in found if not any(other is not cls and issubclass(cls, other) for other in found)]
    return roots[0] if len(roots) == 1 else None


def _provider_rows(providers: ModuleType, constant_names: Dict[str, List[str]], renamed: Dict[str, str]) -> List[ProviderRow]:
    from libcloud.common.providers import ProviderNotImplementedError

    rows = []
    for key, (module, class_name) in list(providers.DRIVERS.items()):
        value = str(getattr(key, "value", key))
        if value in renamed:
            continue  # reachable only as a renamed constant: get_driver refuses it
        names = constant_names.get(value, [])
        constant = names[0] if names else value.upper()
        try:
            driver: Optional[type] = providers.get_driver(key)
            status = IMPLEMENTED
        except ProviderNotImplementedError:
            driver, status = None, NOT_YET
        rows.append(ProviderRow(constant, value, module, class_name, status, driver))
    return sorted(rows, key=lambda row: row.constant)


def _renamed(providers: ModuleType, types_module: Optional[ModuleType], constant_names: Dict[str, List[str]]) -> Dict[str, str]:
    mapping = getattr(providers, "OLD_CONSTANT_TO_NEW_MAPPING", None)
    if mapping is None:
        mapping = getattr(types_module, "OLD_CONSTANT_TO_NEW_MAPPING", {}) or {}
    renamed = {}
    for old, new in mapping.items():
        old_value, new_value = str(getattr(old, "value", old)), str(getattr(new, "value", new))
        old_name = (constant_names.get(old_value) or [old_value.upper()])[0]
        new_name = (constant_names.get(new_value) or [new_value.upper()])[0]
        renamed[old_value] = "%s -> %s" % (old_name, new_name)
    return renamed


def load_api(package: str) -> Optional[ApiInfo]:
    """The :class:`ApiInfo` of ``package`` (e.g. ``"libcloud.dns"``), or None if it is not an API."""
    try:
        providers = importlib.import_module(package + ".providers")
    except ImportError:
        return None
    if not isinstance(getattr(providers, "DRIVERS", None), dict) or not callable(getattr(providers, "get_driver", None)):
        return None
    base = _base_class(package)
    if base is None:
        return None
    try:
        types_module: Optional[ModuleType] = importlib.import_module(package + ".types")
    except ImportError:
        types_module = None
    names = _constant_names(types_module)
    renamed = _renamed(providers, types_module, names)
    info = ApiInfo(package.rsplit(".", 1)[-1], package, base, renamed=renamed)
    info.providers = _provider_rows(providers, names, renamed)
    return info


def discover_apis(root: Any = None) -> List[ApiInfo]:
    """Every API under the package ``root`` (``libcloud`` by default), in :data:`API_ORDER`."""
    if root is None:
        import libcloud as root
    apis = []
    for module in pkgutil.iter_modules(root.__path__):
        if module.ispkg and not module.name.startswith("_"):
            info = load_api("%s.%s" % (root.__name__, module.name))
            if info is not None:
                apis.append(info)

    def order(info: ApiInfo) -> Tuple[int, str]:
        return (API_ORDER.index(info.name) if info.name in API_ORDER else len(API_ORDER), info.name)

    return sorted(apis, key=order)
