"""The documentation builds without a warning, and every internal link resolves."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list = []
        self.ids: set = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag in ("a", "link") and values.get("href"):
            self.hrefs.append(values["href"])


def _parse(path):
    parser = _Links()
    with open(path, encoding="utf-8") as handle:
        parser.feed(handle.read())
    return parser


@pytest.fixture(scope="module")
def site(docs_site: str) -> str:
    """The site built once per session (tests/docs_site.py)."""
    return docs_site


def test_every_internal_link_resolves(site):
    pages = {}
    for folder, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                pages[os.path.normpath(path)] = _parse(path)
    assert len(pages) > 10
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue  # external links are not checked (no network here)
            target, anchor = parts.path, parts.fragment
            path = os.path.normpath(os.path.join(os.path.dirname(page), unquote(target))) if target else page
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            if not os.path.exists(path):
                broken.append("%s -> %s (missing file)" % (os.path.relpath(page, site), href))
                continue
            if anchor and path.endswith(".html"):
                ids = pages[path].ids if path in pages else _parse(path).ids
                if unquote(anchor) not in ids:
                    broken.append("%s -> %s (missing anchor)" % (os.path.relpath(page, site), href))
    assert not broken, "\n".join(broken[:50])
