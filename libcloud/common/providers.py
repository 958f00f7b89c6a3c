"""The lazy driver registry shared by every API (compute, storage, DNS, ...).

Each API keeps a ``DRIVERS`` table, ``{provider constant: (module path, class
name)}``; a driver module is imported only when it is asked for.  The table is
data: ``providers.json`` beside the API's ``providers`` module maps a
``Provider`` constant's name to ``"module:Class"`` (the module relative to the
API's ``drivers`` package), and :func:`load_drivers` reads it.
"""

from __future__ import annotations

import importlib
import json
import os
from typing import Any, Callable, Dict, Mapping, MutableMapping, Optional, Tuple

from libcloud.common.types import LibcloudError

__all__ = ["get_driver", "set_driver", "load_drivers", "registry_functions", "ProviderNotImplementedError"]

_REMOVED_PROVIDERS_URL = "https://s.apache.org/lc0140un"


class ProviderNotImplementedError(LibcloudError, NotImplementedError):
    """The provider constant is known, but libcloud-ng has no driver for it yet."""

    def __init__(self, provider: Any, module: str, klass: str) -> None:
        message = (
            "The %r provider is not implemented in libcloud-ng yet (upstream class %s.%s). "
            "Use a provider listed in the documentation, or register your own driver with "
            "set_driver()." % (str(getattr(provider, "value", provider)), module, klass)
        )
        super().__init__(message)
        self.provider = provider

    def __str__(self) -> str:
        return str(self.value)


def load_drivers(providers_module: str, providers_file: str, constants: Any) -> Dict[Any, Tuple[str, str]]:
    """The ``DRIVERS`` table of the API whose providers module is ``providers_module`` (its ``__name__``).

    Read from the ``providers.json`` beside ``providers_file`` (that module's ``__file__``), in its order;
    each key is the name of an attribute of ``constants`` (the API's ``Provider``).
    """
    package = providers_module.rpartition(".")[0] + ".drivers."
    with open(os.path.join(os.path.dirname(providers_file), "providers.json"), encoding="utf-8") as handle:
        table: Dict[str, str] = json.load(handle)
    drivers: Dict[Any, Tuple[str, str]] = {}
    for constant, target in table.items():
        module, _, klass = target.partition(":")
        drivers[getattr(constants, constant)] = (package + module, klass)
    return drivers


def _import_driver(provider: Any, module_path: str, class_name: str) -> type:
    try:
        module = importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        # Only a missing *driver module* means "not written yet"; a missing
        # dependency inside an existing module must surface as it is.
        if exc.name and module_path.startswith(exc.name) and module_path.startswith("libcloud."):
            raise ProviderNotImplementedError(provider, module_path, class_name) from None
        raise
    try:
        return getattr(module, class_name)
    except AttributeError:
        if module_path.startswith("libcloud."):
            raise ProviderNotImplementedError(provider, module_path, class_name) from None
        raise


def get_driver(
    drivers: Mapping[Any, Tuple[str, str]],
    provider: Any,
    deprecated_providers: Optional[Mapping[Any, Mapping[str, str]]] = None,
    deprecated_constants: Optional[Mapping[Any, Any]] = None,
) -> type:
    """Resolve ``provider`` in ``drivers`` and return the driver class."""
    deprecated_providers = deprecated_providers or {}
    if provider in deprecated_providers:
        info = deprecated_providers[provider]
        raise Exception(
            "Provider no longer supported: %s, please visit: %s" % (info.get("reason", ""), info.get("url", ""))
        )
    deprecated_constants = deprecated_constants or {}
    if provider in deprecated_constants:
        new_name = deprecated_constants[provider]
        raise Exception(
            "Provider constant '%s' has been removed. New constant is now called '%s'. For more "
            "information on this change and how to modify your code to work with it, please visit: %s"
            % (provider, new_name, _REMOVED_PROVIDERS_URL)
        )
    if provider in drivers:
        module_path, class_name = drivers[provider]
        return _import_driver(provider, module_path, class_name)
    wanted = str(getattr(provider, "value", provider)).lower()
    for key, (module_path, class_name) in drivers.items():
        if str(getattr(key, "value", key)).lower() == wanted:
            return _import_driver(key, module_path, class_name)
    raise AttributeError("Provider %s does not exist" % (provider,))


def set_driver(drivers: MutableMapping[Any, Tuple[str, str]], provider: Any, module: str, klass: str) -> type:
    """Register a third-party driver class and return it (imported at once to validate)."""
    if provider in drivers:
        raise AttributeError("Provider %s already registered" % (provider,))
    # Imported here, not through get_driver(): a registration names a module the caller
    # wrote, so a missing module is an ImportError and a missing class an AttributeError.
    try:
        driver_module = importlib.import_module(module)
    except ImportError as exc:
        raise ImportError("Cannot register %s: module %s cannot be imported (%s)" % (provider, module, exc)) from exc
    driver = getattr(driver_module, klass, None)
    if driver is None:
        raise AttributeError("Cannot register %s: module %s has no class %s" % (provider, module, klass))
    drivers[provider] = (module, klass)
    return driver


def registry_functions(
    drivers: MutableMapping[Any, Tuple[str, str]], module: str,
    deprecated_constants: Optional[Mapping[Any, Any]] = None,
) -> Tuple[Callable[[Any], type], Callable[[Any, str, str], type]]:
    """An API's ``get_driver(provider)`` and ``set_driver(provider, module, klass)`` over its ``drivers`` table.

    ``module`` is the providers module that exports them (its ``__name__``): they are
    documented and pickled as its functions, as upstream's are.
    """

    def get_driver_of_api(provider: Any) -> type:
        """Return the driver class registered for ``provider``."""
        return get_driver(drivers=drivers, provider=provider, deprecated_constants=deprecated_constants)

    def set_driver_of_api(provider: Any, module: str, klass: str) -> type:
        """Register a third-party driver ``module.klass`` under ``provider`` and return it."""
        return set_driver(drivers, provider, module, klass)

    for function, name in ((get_driver_of_api, "get_driver"), (set_driver_of_api, "set_driver")):
        function.__name__ = function.__qualname__ = name
        function.__module__ = module
    return get_driver_of_api, set_driver_of_api
