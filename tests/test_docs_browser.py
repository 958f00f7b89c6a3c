"""The built site in a real headless browser (Debian's ``chromium``), served on the loopback.

Furo's search runs in JavaScript, so only a browser shows that it finds a driver by
name; the matrix pages are loaded, their tables read back from the live DOM, and
screenshotted. Without chromium the tests are skipped locally and fail under CI
(``CI`` set): install it with ``apt-get install chromium``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import struct
import subprocess
import threading
import zlib
from typing import Iterator, List

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser() -> str:
    """The path of the headless browser."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    message = "chromium is not installed (apt-get install chromium): the docs browser test cannot run"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def site_url(docs_site: str) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port), stopped after the module's tests."""
    handler = functools.partial(_QuietHandler, directory=docs_site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="docs-site", daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _chromium(browser: str, profile: str, *args: str) -> subprocess.CompletedProcess:
    command = [browser] + FLAGS + ["--user-data-dir=" + profile] + list(args)
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def _dom(browser: str, tmp_path, url: str) -> str:
    """The page's DOM after its scripts ran (virtual time lets timers and the search index load)."""
    out = _chromium(browser, str(tmp_path / "profile"), "--virtual-time-budget=15000", "--dump-dom", url)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def _search_results(dom: str) -> List[str]:
    block = re.search(r'<ul[^>]*class="search"[^>]*>(.*?)</ul>', dom, re.S)
    return re.findall(r'<li[^>]*>\s*<a href="([^"]+)"', block.group(1)) if block else []


def test_search_finds_a_driver_by_name(browser, site_url, tmp_path) -> None:
    dom = _dom(browser, tmp_path, site_url + "/search.html?q=PowerDNS")
    results = _search_results(dom)
    assert any(href.split("#")[0] == "drivers/dns/powerdns.html" for href in results), results[:20]


def test_search_finds_the_generated_tables(browser, site_url, tmp_path) -> None:
    # The generated tables name the Eucalyptus driver (its name attribute), so search finds them.
    dom = _dom(browser, tmp_path, site_url + "/search.html?q=Eucalyptus")
    results = [href.split("#")[0] for href in _search_results(dom)]
    assert "supported.html" in results and "drivers/compute/ec2.html" in results, results


def _png_size_and_colours(path: str) -> tuple:
    """(width, height, distinct byte values in the pixel data) of a PNG, without an imaging library."""
    with open(path, "rb") as handle:
        data = handle.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            chunks.append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def test_the_matrix_page_renders(browser, site_url, tmp_path) -> None:
    dom = _dom(browser, tmp_path, site_url + "/supported.html")
    matrices = re.findall(r'<table[^>]*lc-matrix.*?</table>', dom, re.S)
    providers = re.findall(r'<table[^>]*lc-providers.*?</table>', dom, re.S)
    assert len(matrices) >= 3 and len(providers) == len(matrices)  # compute, storage, DNS (and any newer API)
    for table in matrices:
        assert table.count("lc-support-yes") > 5
        assert "<th" in table and "CI server" in table
    assert ">POWERDNS<" in dom and ">EC2<" in dom
    shot = tmp_path / "supported.png"
    out = _chromium(browser, str(tmp_path / "profile-shot"), "--hide-scrollbars", "--window-size=1280,2000",
                    "--screenshot=%s" % shot, site_url + "/supported.html")
    assert out.returncode == 0 and shot.exists(), out.stderr[-2000:]
    width, height, colours = _png_size_and_colours(str(shot))
    assert (width, height) == (1280, 2000) and colours > 50  # a rendered page, not a blank one
