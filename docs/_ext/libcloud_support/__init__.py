"""Sphinx extension: provider tables and method matrices generated from the package at build time.

Directives:

``.. libcloud-support::``
    a section per API of the package (every sub-package with a provider
    registry): its methods matrix and its providers table.
``.. libcloud-providers:: <api>`` / ``.. libcloud-methods:: <api>``
    one API's table.
``.. libcloud-driver:: <module or module.Class> ...``
    on a driver page: declares the drivers the page documents (read by
    :mod:`pages` from the source) and shows their constants, classes and CI server.

Pages using them are re-read on every build, so the tables follow the code.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, List, Set, Tuple

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.nodes import nested_parse_with_titles

from . import render
from .pages import DriverPages
from .registry import ApiInfo, discover_apis

_USES = "libcloud_support_docnames"


def _state(directive: Directive) -> Tuple[Any, DriverPages, List[ApiInfo]]:
    env = directive.state.document.settings.env
    getattr(env, _USES).add(env.docname)
    return env, DriverPages(env.srcdir), discover_apis()


def _parse(directive: Directive, lines: List[str]) -> List[nodes.Node]:
    container = nodes.section() if any(line.startswith("---") for line in lines) else nodes.container()
    source = directive.state.document.current_source or "<libcloud-support>"
    nested_parse_with_titles(directive.state, StringList(lines, source=source), container)
    return container.children


def _api(directive: Directive, apis: List[ApiInfo]) -> ApiInfo:
    wanted = directive.arguments[0]
    for api in apis:
        if api.name == wanted:
            return api
    raise directive.error("no API named %r (found: %s)" % (wanted, ", ".join(a.name for a in apis)))


class SupportDirective(Directive):
    """Every API: methods matrix and providers table."""

    def run(self) -> List[nodes.Node]:
        _, pages, apis = _state(self)
        return _parse(self, render.support_page(apis, pages))


class ProvidersDirective(Directive):
    """One API's providers table."""

    required_arguments = 1

    def run(self) -> List[nodes.Node]:
        _, pages, apis = _state(self)
        return _parse(self, render.providers_table(_api(self, apis), pages))


class MethodsDirective(Directive):
    """One API's methods matrix, with its legend."""

    required_arguments = 1

    def run(self) -> List[nodes.Node]:
        _, pages, apis = _state(self)
        return _parse(self, render.legend() + render.methods_matrix(_api(self, apis), pages))


class DriverDirective(Directive):
    """A driver page's summary of the constants and classes it documents."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> List[nodes.Node]:
        _, pages, apis = _state(self)
        paths = self.arguments[0].split()
        lines = render.driver_summary(apis, paths, pages)
        if not lines:
            raise self.error("no registered driver matches %s" % " ".join(paths))
        return _parse(self, lines)


def _role(kind: str) -> Callable[..., Tuple[List[nodes.Node], List[Any]]]:
    """A role showing its text with the CSS classes ``lc-<kind>`` and ``lc-<kind>-<text>``."""

    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None,
             content: Any = None) -> Tuple[List[nodes.Node], List[Any]]:
        if kind == "module":
            return [nodes.literal(rawtext, text, classes=["lc-module"])], []
        css = "lc-%s lc-%s-%s" % (kind, kind, text.strip().replace(" ", "-"))
        return [nodes.inline(rawtext, text, classes=css.split())], []

    return role


def _env_init(app: Sphinx, env: Any, docnames: List[str]) -> None:
    if not hasattr(env, _USES):
        setattr(env, _USES, set())


def _always_outdated(app: Sphinx, env: Any, added: Set[str], changed: Set[str], removed: Set[str]) -> List[str]:
    # The tables depend on the code and on every driver page: re-read their pages each build.
    return sorted(getattr(env, _USES, set()) - removed)


def _purge(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, _USES, set()).discard(docname)


def _merge(app: Sphinx, env: Any, docnames: Set[str], other: Any) -> None:
    getattr(env, _USES).update(getattr(other, _USES, set()))


def _static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(os.path.join(os.path.dirname(__file__), "static"))


def setup(app: Sphinx) -> Dict[str, Any]:
    """Register the directives, roles and stylesheet."""
    app.add_directive("libcloud-support", SupportDirective)
    app.add_directive("libcloud-providers", ProvidersDirective)
    app.add_directive("libcloud-methods", MethodsDirective)
    app.add_directive("libcloud-driver", DriverDirective)
    app.add_role("lc-support", _role("support"))
    app.add_role("lc-status", _role("status"))
    app.add_role("lc-module", _role("module"))
    app.connect("env-before-read-docs", _env_init)
    app.connect("env-get-outdated", _always_outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("builder-inited", _static_path)
    app.add_css_file("libcloud-support.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
