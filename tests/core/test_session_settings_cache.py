"""The per-origin cache of requests' environment settings sees every change of the environment."""

from __future__ import annotations

import pytest

from libcloud.http import _Session


def test_settings_are_reused_per_origin_and_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    session = _Session()
    monkeypatch.delenv("https_proxy", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    first = session.merge_environment_settings("https://a.example/x", {}, False, True, None)
    assert first["proxies"] == {} and len(session._settings_cache) == 1
    session.merge_environment_settings("https://a.example/other/path", {}, False, True, None)
    assert len(session._settings_cache) == 1  # same origin, same environment: reused
    first["proxies"]["https"] = "mutated"  # a caller changing its copy does not change the cache
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:3128")
    second = session.merge_environment_settings("https://a.example/x", {}, False, True, None)
    assert second["proxies"].get("https") == "http://127.0.0.1:3128"
    monkeypatch.setenv("no_proxy", "a.example")
    third = session.merge_environment_settings("https://a.example/x", {}, False, True, None)
    assert "https" not in third["proxies"]
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    assert session.merge_environment_settings("https://b.example/", {}, False, True, None)["verify"] == \
        "/etc/ssl/certs/ca-certificates.crt"
