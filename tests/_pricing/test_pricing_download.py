"""Downloading and installing pricing files, against a real local HTTP server."""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from libcloud import pricing
from libcloud._pricing.download import fetch_pricing_file
from libcloud._pricing.errors import (
    InvalidPricingDataError,
    PricingDownloadError,
    StalePricingDataError,
)

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)  # tests/ holds the shared local server
from pricing_servers import BUNDLED_UPDATED, pricing_bytes, running_pricing_server  # noqa: E402

# The local servers speak plain http: these tests opt in as `--insecure` does.
update_insecure = functools.partial(pricing.update_pricing_file, allow_insecure=True)

OLD_BYTES = pricing_bytes(updated=BUNDLED_UPDATED + 500, compute={"vps_net": {"1": 0.25}})
NEW_BYTES = pricing_bytes(updated=BUNDLED_UPDATED + 1000, compute={"vps_net": {"1": 0.75}})


@pytest.fixture
def pricing_server():
    with running_pricing_server() as server:
        yield server


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    pricing.invalidate_pricing_cache()
    yield home
    pricing.invalidate_pricing_cache()


@pytest.fixture
def user_file(home) -> Path:
    """An existing user pricing file (the one `update` replaces)."""
    path = home / ".libcloud_data" / "pricing.json"
    path.parent.mkdir()
    path.write_bytes(OLD_BYTES)
    return path


def leftovers(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name != "pricing.json")


# -- success ----------------------------------------------------------------------

def test_good_file_is_installed_and_used_after_invalidation(pricing_server, user_file):
    url = pricing_server.add("/pricing.json", NEW_BYTES)
    assert pricing.get_size_price("compute", "vps_net", "1") == 0.25

    result = update_insecure(url)

    assert user_file.read_bytes() == NEW_BYTES
    assert result.path == str(user_file)
    assert result.updated == BUNDLED_UPDATED + 1000
    assert result.previous_updated == BUNDLED_UPDATED + 500
    assert (result.size, result.compute_tables) == (len(NEW_BYTES), 1)
    assert leftovers(user_file.parent) == []
    # Same process, no restart: the cache hands out old prices until invalidated.
    assert pricing.get_size_price("compute", "vps_net", "1") == 0.25
    pricing.invalidate_pricing_cache()
    assert pricing.get_size_price("compute", "vps_net", "1") == 0.75


def test_missing_folder_is_created(pricing_server, home):
    url = pricing_server.add("/pricing.json", NEW_BYTES)
    result = update_insecure(url)
    target = home / ".libcloud_data" / "pricing.json"
    assert result.path == str(target)
    assert target.read_bytes() == NEW_BYTES
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert pricing.get_pricing_file_path() == str(target)


def test_nested_missing_folders_for_an_explicit_file(pricing_server, tmp_path):
    url = pricing_server.add("/p.json", NEW_BYTES)
    target = tmp_path / "a" / "b" / "prices.json"
    update_insecure(url, target)
    assert target.read_bytes() == NEW_BYTES


def test_permissions_of_the_replaced_file_are_kept(pricing_server, user_file):
    os.chmod(user_file, 0o600)
    update_insecure(pricing_server.add("/pricing.json", NEW_BYTES))
    assert stat.S_IMODE(user_file.stat().st_mode) == 0o600


def test_same_age_is_accepted(pricing_server, user_file):
    update_insecure(pricing_server.add("/pricing.json", OLD_BYTES))
    assert user_file.read_bytes() == OLD_BYTES


def test_request_is_identified(pricing_server, home):
    update_insecure(pricing_server.add("/pricing.json?v=2", NEW_BYTES))
    (request,) = pricing_server.requests
    assert request["path"] == "/pricing.json?v=2"
    assert request["headers"]["User-Agent"].startswith("libcloud/")


def test_body_without_content_length(pricing_server, home):
    url = pricing_server.add("/pricing.json", NEW_BYTES, send_length=False)
    update_insecure(url)
    assert (home / ".libcloud_data" / "pricing.json").read_bytes() == NEW_BYTES


def test_gzip_encoded_body_is_stored_decoded(pricing_server, home):
    import gzip

    url = pricing_server.add("/pricing.json", gzip.compress(NEW_BYTES),
                             headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    result = update_insecure(url)
    assert (home / ".libcloud_data" / "pricing.json").read_bytes() == NEW_BYTES
    assert result.size == len(NEW_BYTES)


def test_download_goes_through_an_explicit_proxy(pricing_server, home):
    # The local server also acts as a forward proxy: it sees the absolute URL.
    pricing_server.add("http://pricing.example.invalid/pricing.json", NEW_BYTES)
    update_insecure("http://pricing.example.invalid/pricing.json", proxy_url=pricing_server.url(""))
    assert (home / ".libcloud_data" / "pricing.json").read_bytes() == NEW_BYTES


def test_progress_is_reported(pricing_server, home):
    seen = []
    update_insecure(pricing_server.add("/pricing.json", NEW_BYTES),
                                progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, len(NEW_BYTES))
    assert seen[-1] == (len(NEW_BYTES), len(NEW_BYTES))


# -- failures: the old file stays byte-for-byte intact ----------------------------

FAILURES = {
    "truncated": (dict(body=NEW_BYTES, cut_after=len(NEW_BYTES) // 2), PricingDownloadError, "cut short|broke"),
    "truncated without length": (dict(body=NEW_BYTES[:-10], send_length=False), InvalidPricingDataError,
                                 "not valid JSON"),
    "not json": (dict(body=b"<html>oops</html>"), InvalidPricingDataError, "not valid JSON"),
    "not utf-8": (dict(body=b"\xff\xfe\x00garbage"), InvalidPricingDataError, "not valid JSON"),
    "top level list": (dict(body=b"[1, 2, 3]"), InvalidPricingDataError, "top level"),
    "no updated": (dict(body=json.dumps({"compute": {}}).encode()), InvalidPricingDataError, '"updated"'),
    "updated is a string": (dict(body=json.dumps({"updated": "yesterday", "compute": {}}).encode()),
                            InvalidPricingDataError, '"updated"'),
    "no compute": (dict(body=json.dumps({"updated": BUNDLED_UPDATED + 9}).encode()), InvalidPricingDataError,
                   '"compute"'),
    "compute is a list": (dict(body=json.dumps({"updated": BUNDLED_UPDATED + 9, "compute": []}).encode()),
                          InvalidPricingDataError, '"compute" must be an object'),
    "table is a number": (dict(body=pricing_bytes(compute={"vps_net": 1.0})), InvalidPricingDataError,
                          "compute.vps_net must be an object"),
    "price is a list": (dict(body=pricing_bytes(compute={"vps_net": {"1": [0.5]}})), InvalidPricingDataError,
                        "an array where a price"),
    "NaN price": (dict(body=b'{"updated": 1740946978, "compute": {"vps_net": {"1": NaN}}}'),
                  InvalidPricingDataError, "NaN is not valid JSON"),
    "Infinity updated": (dict(body=b'{"updated": Infinity, "compute": {}}'), InvalidPricingDataError,
                         "Infinity is not valid JSON"),
    "404": (dict(status=404, body=b"missing"), PricingDownloadError, "HTTP 404"),
    "500": (dict(status=500, body=b"boom"), PricingDownloadError, "HTTP 500"),
    "older": (dict(body=pricing_bytes(updated=BUNDLED_UPDATED + 100)), StalePricingDataError, "older than"),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_failed_update_leaves_the_old_file_intact(pricing_server, user_file, name):
    route, error, message = FAILURES[name]
    url = pricing_server.add("/pricing.json", **route)
    with pytest.raises(error, match=message):
        update_insecure(url, timeout=5)
    assert user_file.read_bytes() == OLD_BYTES
    assert leftovers(user_file.parent) == []


def test_unknown_path_is_a_404(pricing_server, user_file):
    with pytest.raises(PricingDownloadError, match="404"):
        update_insecure(pricing_server.url("/nothing-here.json"))
    assert user_file.read_bytes() == OLD_BYTES


@pytest.mark.parametrize("route", [dict(stall_before_headers=True), dict(body=NEW_BYTES, stall_after=10)],
                         ids=["before headers", "mid body"])
def test_stalled_server_times_out(pricing_server, user_file, route):
    url = pricing_server.add("/pricing.json", **route)
    with pytest.raises(PricingDownloadError, match="[Tt]imed out") as info:
        update_insecure(url, timeout=0.5)
    assert info.value.__cause__ is not None
    assert user_file.read_bytes() == OLD_BYTES
    assert leftovers(user_file.parent) == []


def test_older_file_is_installed_with_force(pricing_server, user_file):
    older = pricing_bytes(updated=BUNDLED_UPDATED + 100)
    update_insecure(pricing_server.add("/pricing.json", older), force=True)
    assert user_file.read_bytes() == older


def test_older_than_the_bundled_file_is_refused_when_there_is_no_user_file(pricing_server, home):
    url = pricing_server.add("/pricing.json", pricing_bytes(updated=BUNDLED_UPDATED - 1))
    with pytest.raises(StalePricingDataError, match="older than .*pricing.json"):
        update_insecure(url)
    assert leftovers(home / ".libcloud_data") == []
    assert not (home / ".libcloud_data" / "pricing.json").exists()


def test_a_corrupt_old_file_can_be_replaced(pricing_server, user_file):
    user_file.write_bytes(b"{broken")
    update_insecure(pricing_server.add("/pricing.json", NEW_BYTES))
    assert user_file.read_bytes() == NEW_BYTES


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "streamed"])
def test_size_cap(pricing_server, user_file, declared):
    url = pricing_server.add("/pricing.json", NEW_BYTES, send_length=declared)
    with pytest.raises(PricingDownloadError, match="byte limit"):
        update_insecure(url, max_bytes=64)
    assert user_file.read_bytes() == OLD_BYTES
    assert leftovers(user_file.parent) == []


def test_connection_refused(user_file):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(PricingDownloadError, match="Could not download"):
        update_insecure("http://127.0.0.1:%d/pricing.json" % port, timeout=5)
    assert user_file.read_bytes() == OLD_BYTES


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/pricing.json", "file:///etc/passwd", "not a url"])
def test_only_http_urls(user_file, url):
    with pytest.raises(PricingDownloadError, match="http:// or https://"):
        pricing.update_pricing_file(url)
    assert user_file.read_bytes() == OLD_BYTES


def test_target_that_is_a_directory(pricing_server, tmp_path):
    with pytest.raises(PricingDownloadError, match="is a directory"):
        fetch_pricing_file(pricing_server.add("/p.json", NEW_BYTES), str(tmp_path))


# -- upstream's download_pricing_file ----------------------------------------------

def test_download_pricing_file_writes_the_legacy_path(pricing_server, home):
    (home / ".libcloud").mkdir()
    target = home / ".libcloud" / "pricing.json"
    pricing.download_pricing_file(pricing_server.add("/pricing.json", NEW_BYTES), str(target))
    assert target.read_bytes() == NEW_BYTES


def test_download_pricing_file_needs_an_existing_folder(pricing_server, tmp_path):
    with pytest.raises(ValueError, match="doesn't exist"):
        pricing.download_pricing_file(pricing_server.add("/p.json", NEW_BYTES), str(tmp_path / "no" / "p.json"))
    with pytest.raises(ValueError, match="directory"):
        pricing.download_pricing_file(pricing_server.add("/p.json", NEW_BYTES), str(tmp_path))


def test_download_pricing_file_rejects_invalid_data(pricing_server, tmp_path):
    target = tmp_path / "p.json"
    target.write_bytes(OLD_BYTES)
    with pytest.raises(Exception, match="Provided URL doesn't contain valid pricing data"):
        pricing.download_pricing_file(pricing_server.add("/p.json", b'{"foo": 1}'), str(target))
    assert target.read_bytes() == OLD_BYTES


def test_download_pricing_file_does_not_check_age(pricing_server, tmp_path):
    target = tmp_path / "p.json"
    target.write_bytes(NEW_BYTES)
    pricing.download_pricing_file(pricing_server.add("/p.json", OLD_BYTES), str(target))
    assert target.read_bytes() == OLD_BYTES


def test_download_pricing_file_warns_when_shadowed(pricing_server, home):
    for folder in (".libcloud", ".libcloud_data"):
        (home / folder).mkdir()
    (home / ".libcloud_data" / "pricing.json").write_bytes(OLD_BYTES)
    with pytest.warns(UserWarning, match="takes precedence"):
        pricing.download_pricing_file(pricing_server.add("/p.json", NEW_BYTES),
                                      str(home / ".libcloud" / "pricing.json"))


# -- issue 19 item 9: https only, no downgrade --------------------------------------

def test_plain_http_is_refused_without_allow_insecure(pricing_server, user_file):
    url = pricing_server.add("/pricing.json", NEW_BYTES)
    with pytest.raises(PricingDownloadError, match="over plain http.*--insecure"):
        pricing.update_pricing_file(url)
    assert user_file.read_bytes() == OLD_BYTES
    assert pricing_server.requests == []


@pytest.fixture
def tls_redirector(monkeypatch):
    """An https server whose /pricing.json redirects to ``http://127.0.0.1:<port>/...``."""
    import libcloud.security
    from tests.fakes.http_server import LocalServer, make_self_signed_cert

    certs = make_self_signed_cert()
    monkeypatch.setattr(libcloud.security, "CA_CERTS_PATH", certs.ca_cert)
    server = LocalServer(certfile=certs.cert, keyfile=certs.key)
    yield server
    server.stop()


def test_an_https_download_refuses_a_redirect_to_http(tls_redirector, pricing_server, user_file):
    target = pricing_server.add("/pricing.json", NEW_BYTES)
    tls_redirector.route("/pricing.json", lambda h: h.reply(302, b"", {"Location": target}))
    with pytest.raises(PricingDownloadError, match="non-https"):
        pricing.update_pricing_file(tls_redirector.url + "/pricing.json")
    assert user_file.read_bytes() == OLD_BYTES
    assert leftovers(user_file.parent) == []


def test_an_https_download_follows_an_https_redirect(tls_redirector, user_file):
    tls_redirector.route("/old.json", lambda h: h.reply(301, b"", {"Location": "/pricing.json"}))
    tls_redirector.route("/pricing.json", lambda h: h.reply(200, NEW_BYTES, {"Content-Type": "application/json"}))
    pricing.update_pricing_file(tls_redirector.url + "/old.json")
    assert user_file.read_bytes() == NEW_BYTES
