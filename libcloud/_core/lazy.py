"""Import-time savings: submodules imported on first attribute access, regexes compiled on first use."""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any, AnyStr, Callable, Generic, Mapping, Optional, Tuple

__all__ = ["submodule_getattr", "lazy_exports", "LazyPattern"]


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


def lazy_exports(package: str, modules: Mapping[str, Tuple[str, ...]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` re-exporting names imported from their modules on first use.

    ``modules`` maps each module (a name relative to ``package`` when it has no dot) to the names
    it defines.  A name found is stored in ``package``'s namespace, so the next lookup is a plain
    attribute; anything else may be a submodule not imported yet (see :func:`submodule_getattr`).
    """
    owner = {name: (module if "." in module else "%s.%s" % (package, module))
             for module, names in modules.items() for name in names}
    submodule = submodule_getattr(package)

    def __getattr__(name: str) -> Any:
        module = owner.get(name)
        if module is None:
            return submodule(name)
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


class LazyPattern(Generic[AnyStr]):
    """A regular expression compiled on first use; it answers ``search``, ``sub``, ``match``... as the compiled one.

    Compiling costs tens of microseconds a pattern: modules on the path of ``import`` + the first
    request (the debug log's redaction tables, date parsers...) keep theirs lazy, so a program that
    never logs or parses one does not pay for them.
    """

    __slots__ = ("_pattern", "_flags", "_compiled")

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self._pattern: AnyStr = pattern
        self._flags = flags
        self._compiled: Optional["re.Pattern[AnyStr]"] = None

    def compiled(self) -> "re.Pattern[AnyStr]":
        """The compiled pattern (compiled now if this is the first use)."""
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)
