"""``libcloud dns ...`` against Dummy (in-process) and a real PowerDNS server (state that persists)."""

from __future__ import annotations

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json


@pytest.fixture
def home(tmp_path):
    path = tmp_path / "home"
    path.mkdir()
    return path


def test_dummy_zone_lives_for_one_invocation(home):
    zone = run_json(home, "--provider", "dummy", "dns", "create-zone", "example.com", "--ttl", "600")
    assert (zone["id"], zone["domain"], zone["ttl"]) == ("id-example.com", "example.com", 600)
    assert run_json(home, "--provider", "dummy", "dns", "list-zones") == []
    assert_clean_error(run_cli(home, "--provider", "dummy", "dns", "list-records", "example.com"), 1,
                       "no zone 'example.com'")


def test_dry_runs(home):
    plan = run_json(home, "--provider", "dummy", "dns", "create-zone", "example.com", "--dry-run")
    assert plan["calls"] == [{"target": "driver", "method": "create_zone", "arguments": {"domain": "example.com"}}]


def test_usage_errors(home):
    assert_clean_error(run_cli(home, "--provider", "dummy", "dns", "create-record", "z", "www", "A"), 2)
    assert_clean_error(run_cli(home, "--provider", "powerdns", "dns", "list-zones"), 2, "PDNS_API_KEY")


def test_provider_without_a_driver_is_a_library_error(home):
    import importlib.util

    from libcloud.dns.providers import DRIVERS

    missing = [name for name, (module, _) in sorted(DRIVERS.items()) if importlib.util.find_spec(module) is None]
    if not missing:
        pytest.skip("every DNS provider has a driver")
    done = run_cli(home, "--provider", missing[0], "dns", "list-zones", "--key", "k", "--secret", "s")
    assert_clean_error(done, 1, "not implemented in libcloud-ng yet")


# -- PowerDNS: a real server, so records persist between invocations --------------------

@pytest.fixture
def pdns(home, powerdns_server):
    endpoint = "http://%s:%d" % (powerdns_server.host, powerdns_server.port)
    config = home / ".libcloud_data"
    config.mkdir()
    # The API key comes from the profile file; it must never be printed.
    (config / "config").write_text("[pdns]\ndns_provider = powerdns\nkey = %s\nendpoint_url = %s\n"
                                   % (powerdns_server.api_key, endpoint))
    yield ("--profile", "pdns")
    existing = run_cli(home, "--profile", "pdns", "--output", "json", "dns", "list-zones")
    for domain in ("cli-test.example.",):
        if domain in existing.stdout:
            run_cli(home, "--profile", "pdns", "dns", "delete-zone", domain, "--yes")


def test_powerdns_records_end_to_end(home, pdns, powerdns_server, tmp_path):
    zone = run_json(home, *pdns, "dns", "create-zone", "cli-test.example.")
    assert zone["domain"].rstrip(".") == "cli-test.example"
    assert "cli-test.example" in [z["domain"].rstrip(".") for z in run_json(home, *pdns, "dns", "list-zones")]

    record = run_json(home, *pdns, "dns", "create-record", "cli-test.example", "www", "A", "192.0.2.10",
                      "--ttl", "300")
    assert (record["type"], record["data"]) == ("A", "192.0.2.10")
    records = run_json(home, *pdns, "dns", "list-records", "cli-test.example.")
    assert ("A", "192.0.2.10") in [(r["type"], r["data"]) for r in records]

    exported = run_cli(home, *pdns, "dns", "export-zone", "cli-test.example")
    assert exported.returncode == 0, exported.stderr
    assert "$ORIGIN cli-test.example." in exported.stdout
    assert any(line.split()[-2:] == ["A", "192.0.2.10"] for line in exported.stdout.splitlines())
    target = tmp_path / "zone.db"
    run_json(home, *pdns, "dns", "export-zone", "cli-test.example", "-o", str(target))
    assert "192.0.2.10" in target.read_text()

    plan = run_cli(home, *pdns, "dns", "delete-record", "cli-test.example", "www", "--type", "A", "--dry-run")
    assert plan.returncode == 0 and "would call driver.delete_record(" in plan.stdout
    assert_clean_error(run_cli(home, *pdns, "dns", "delete-record", "cli-test.example", "www", "--type", "A"),
                       1, "not confirmed")
    deleted = run_json(home, *pdns, "dns", "delete-record", "cli-test.example", "www", "--type", "A", "--yes")
    assert deleted["action"] == "delete-record"
    records = run_json(home, *pdns, "dns", "list-records", "cli-test.example")
    assert ("A", "192.0.2.10") not in [(r["type"], r["data"]) for r in records]

    debug = run_cli(home, *pdns, "--debug", "dns", "list-zones")
    assert debug.returncode == 0
    assert "X-API-Key" in debug.stderr or "x-api-key" in debug.stderr.lower()  # the request was logged...
    assert powerdns_server.api_key not in debug.stderr + debug.stdout  # ...with the key redacted
