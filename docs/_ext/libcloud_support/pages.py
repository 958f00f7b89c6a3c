"""Which documentation page documents which driver, read from the page sources.

A page under ``docs/drivers/`` documents a registered driver when it

- has ``.. autoclass:: <module>.<Class>`` for the registered path, or
- names it in a ``.. libcloud-driver:: <path> [<path> ...]`` directive, where a
  path is a registered ``module.Class`` or a whole ``module`` (every driver
  registered from that module, e.g. the S3 region classes).

Both forms are plain text, so this runs without Sphinx (the tests use it).
"""

from __future__ import annotations

import os
import re
from typing import Dict, Iterable, List, Optional

_AUTOCLASS = re.compile(r"^\.\. autoclass::\s+(\S+)\s*$", re.M)
_DRIVER = re.compile(r"^\.\. libcloud-driver::[ \t]+(.+)$", re.M)
_TITLE = re.compile(r"^(?!\.\.)(\S[^\n]*)\n([=\-~^\"'`#*+]{3,})\s*$", re.M)


class DriverPages:
    """The driver pages of a documentation tree and what each documents."""

    def __init__(self, docs_dir: str) -> None:
        self.docs_dir = docs_dir
        self.documents: Dict[str, List[str]] = {}  # docname -> paths it documents
        self.autoclasses: Dict[str, str] = {}  # class path with an autoclass -> docname
        self.titles: Dict[str, str] = {}
        root = os.path.join(docs_dir, "drivers")
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(".rst"):
                    self._read(os.path.join(folder, name))

    def _read(self, path: str) -> None:
        docname = os.path.relpath(path, self.docs_dir)[: -len(".rst")].replace(os.sep, "/")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        paths: List[str] = []
        for match in _AUTOCLASS.finditer(text):
            paths.append(match.group(1))
            self.autoclasses[match.group(1)] = docname
        for match in _DRIVER.finditer(text):
            paths.extend(match.group(1).split())
        self.documents[docname] = paths
        title = _TITLE.search(text)
        self.titles[docname] = title.group(1).strip() if title else docname

    def page_for(self, module: str, class_name: str) -> Optional[str]:
        """The docname documenting the driver registered as ``module.class_name`` (class beats module)."""
        path = "%s.%s" % (module, class_name)
        by_module = None
        for docname, paths in self.documents.items():
            if path in paths:
                return docname
            if module in paths and by_module is None:
                by_module = docname
        return by_module

    def documented_classes(self) -> Iterable[str]:
        """The class paths that have an ``autoclass`` somewhere under ``docs/drivers``."""
        return self.autoclasses.keys()
