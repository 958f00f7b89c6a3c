"""Import-time savings: submodules imported on first attribute access, regexes compiled on first use."""

from __future__ import annotations

import importlib
import re
from typing import Any, AnyStr, Callable, Generic, Optional

__all__ = ["submodule_getattr", "LazyPattern"]


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
