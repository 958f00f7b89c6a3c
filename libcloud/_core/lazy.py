"""Submodules imported on first attribute access (PEP 562 module ``__getattr__``)."""

from __future__ import annotations

import importlib
from typing import Any, Callable

__all__ = ["submodule_getattr"]


def submodule_getattr(package: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) importing ``package``'s submodules on first attribute access.

    Upstream's ``import libcloud`` imported every API's ``providers`` module, so code could reach
    ``libcloud.compute.providers`` after that one import; here the import stays cheap and the
    submodule is imported when it is first named.
    """
    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        qualified = "%s.%s" % (package, name)
        try:
            return importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name != qualified:
                raise
            raise AttributeError("module %r has no attribute %r" % (package, name)) from None

    return __getattr__
