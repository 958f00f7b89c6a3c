"""The generated tables as reStructuredText (so Sphinx resolves every link and role)."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .methods import NO, PARTIAL, YES, standard_methods, support
from .pages import DriverPages
from .registry import IMPLEMENTED, ApiInfo, ProviderRow
from .servers import REAL_SERVERS, RealServer

_DASH = "\u2014"


def _cell(text: str) -> str:
    return text if text else _DASH


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], widths: Optional[Sequence[int]] = None,
           classes: str = "") -> List[str]:
    lines = [".. list-table::", "   :header-rows: 1"]
    if widths:
        lines.append("   :widths: " + " ".join(str(w) for w in widths))
    if classes:
        lines.append("   :class: " + classes)
    lines.append("")
    for row in [list(header)] + [list(r) for r in rows]:
        for index, cell in enumerate(row):
            # A cell may hold several paragraphs (separated by blank lines in ``cell``).
            first, *rest = _cell(cell).split("\n")
            lines.append(("   * - " if index == 0 else "     - ") + first)
            lines.extend(("       " + more) if more else "" for more in rest)
    lines.append("")
    return lines


def real_server(row: ProviderRow) -> Optional[RealServer]:
    """The real server CI tests ``row``'s driver against, if any."""
    return REAL_SERVERS.get(row.path)


def class_cell(row: ProviderRow, pages: DriverPages) -> str:
    """The driver class, linked to its reference when a page documents that exact class."""
    if row.path in set(pages.documented_classes()):
        return ":class:`~%s`" % row.path
    return "``%s``" % row.class_name


def page_cell(row: ProviderRow, pages: DriverPages) -> str:
    """A link to the driver's page, or nothing."""
    docname = pages.page_for(row.module, row.class_name)
    return ":doc:`/%s`" % docname if docname else ""


def status_cell(row: ProviderRow) -> str:
    """``implemented``, or ``not yet`` (``get_driver`` raises ``ProviderNotImplementedError``)."""
    return ":lc-status:`%s`" % row.status


def providers_table(api: ApiInfo, pages: DriverPages) -> List[str]:
    """The "supported providers" table of ``api``."""
    rows = []
    for row in api.providers:
        server = real_server(row) if row.status == IMPLEMENTED else None
        rows.append([
            row.name,
            "``%s``" % row.constant,
            "%s\n\n:lc-module:`%s`" % (class_cell(row, pages), row.module),
            page_cell(row, pages),
            status_cell(row),
            server.server if server else "",
        ])
    header = ["Provider", "``Provider.`` constant", "Driver class and module", "Page", "Status", "CI server"]
    lines = _table(header, rows, widths=[16, 24, 30, 12, 10, 8], classes="lc-providers")
    if api.renamed:
        lines.append("Renamed constants (``get_driver`` refuses them and names the new one): %s."
                     % ", ".join("``%s``" % text for text in sorted(api.renamed.values())))
        lines.append("")
    return lines


def _ci_cell(rows: Sequence[ProviderRow]) -> str:
    """The CI server(s) of a matrix column, naming the tested drivers when only some are."""
    servers = {row.name: real_server(row) for row in rows}
    tested = {name: server for name, server in servers.items() if server}
    if not tested:
        return ""
    kinds = sorted({server.server for server in tested.values()})
    if len(tested) == len(rows):
        return ", ".join(kinds)
    return "%s (%s)" % (", ".join(kinds), ", ".join(sorted(tested)))


def _columns(api: ApiInfo, pages: DriverPages) -> List[Tuple[str, str, Dict[str, str], str]]:
    """Matrix columns: implemented drivers grouped by page and identical support.

    Returns ``(label, page docname, {method: status}, CI server)`` per column.
    """
    groups: Dict[tuple, List[ProviderRow]] = {}
    results: Dict[tuple, Dict[str, str]] = {}
    for row in api.implemented:
        assert row.driver is not None
        result = support(row.driver, api.base)
        page = pages.page_for(row.module, row.class_name) or ""
        key = (page, tuple(sorted(result.items())))
        groups.setdefault(key, []).append(row)
        results[key] = result
    groups_per_page: Dict[str, int] = {}
    for page, _ in groups:
        groups_per_page[page] = groups_per_page.get(page, 0) + 1
    columns = []
    for key, rows in groups.items():
        page = key[0]
        if len(rows) == 1:
            label = rows[0].name
        elif page and groups_per_page[page] == 1:
            label = pages.titles.get(page, page)
        else:
            names = sorted({r.name for r in rows})
            label = ", ".join(names) if len(names) <= 4 else "%s and %d more" % (", ".join(names[:2]), len(names) - 2)
        columns.append((label, page, results[key], _ci_cell(rows)))
    return sorted(columns, key=lambda column: column[0].lower())


def methods_matrix(api: ApiInfo, pages: DriverPages) -> List[str]:
    """The "supported methods" matrix of ``api``: standard methods x implemented drivers."""
    columns = _columns(api, pages)
    if not columns:
        return ["No driver of this API is implemented yet.", ""]
    header = ["Method"] + [":doc:`%s </%s>`" % (label, page) if page else label
                           for label, page, _, _ in columns]
    rows = []
    for method in standard_methods(api.base):
        rows.append([":meth:`~%s.%s.%s`" % (api.base.__module__, api.base.__qualname__, method)]
                    + [":lc-support:`%s`" % result[method] for _, _, result, _ in columns])
    rows.append(["*CI server*"] + [server for _, _, _, server in columns])
    return _table(header, rows, classes="lc-matrix")


def driver_summary(apis: Sequence[ApiInfo], paths: Sequence[str], pages: DriverPages) -> List[str]:
    """The table at the top of a driver page: the constants and classes ``paths`` cover."""
    rows = []
    for api in apis:
        for row in api.providers:
            if row.path in paths or row.module in paths:
                server = real_server(row) if row.status == IMPLEMENTED else None
                rows.append(["``Provider.%s``" % row.constant,
                             class_cell(row, pages), status_cell(row), server.server if server else ""])
    if not rows:
        return []
    return _table(["Constant", "Driver class", "Status", "CI server"], rows, classes="lc-driver")


def legend() -> List[str]:
    """What the matrix cells mean."""
    return [
        ":lc-support:`%s` the driver implements the method; :lc-support:`%s` it raises "
        "``NotImplementedError``; :lc-support:`%s` it works in some configurations only, or the base "
        "class's generic version of it relies on methods the driver lacks." % (YES, NO, PARTIAL),
        "",
    ]


def support_page(apis: Sequence[ApiInfo], pages: DriverPages, heading: str = "-", subheading: str = "~") -> List[str]:
    """A section per API: its providers table and its methods matrix."""
    lines: List[str] = []
    for api in apis:
        lines += [".. _supported-%s:" % api.name, "", api.title, heading * max(3, len(api.title)), ""]
        implemented = len(api.implemented)
        lines += ["%d of %d registered providers implemented; drivers come from ``%s.providers.DRIVERS``."
                  % (implemented, len(api.providers), api.package), ""]
        title = "%s: supported methods" % api.title
        lines += [title, subheading * len(title), ""] + legend() + methods_matrix(api, pages)
        title = "%s: supported providers" % api.title
        lines += [title, subheading * len(title), ""] + providers_table(api, pages)
    return lines


__all__ = ["providers_table", "methods_matrix", "driver_summary", "support_page", "legend", "YES", "NO", "PARTIAL"]
