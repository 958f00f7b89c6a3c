"""``libcloud --provider gce|google ...`` against scripted Google APIs, tokens from a local metadata server."""

from __future__ import annotations

import pytest

from tests.cli.clirun import assert_clean_error, run_cli, run_json
from tests.compute.gce.test_gce_scripted import BASE, ZONE, _instance, _zone
from tests.servers.google_fakes import MetadataServer, ScriptedApi


@pytest.fixture
def google(tmp_path):
    metadata = MetadataServer()
    api = ScriptedApi(metadata.issuer)
    home = tmp_path / "home"
    home.mkdir()
    try:
        yield home, api, metadata
    finally:
        api.stop()
        metadata.stop()


def test_gce_nodes_with_project_and_zone_from_the_environment(google):
    home, api, metadata = google
    api.on("GET", BASE + "/zones", {"items": [_zone(ZONE)]})
    api.on("GET", BASE + "/regions", {"items": [{"kind": "compute#region", "name": "us-central1", "zones": []}]})
    api.on("GET", BASE + "/aggregated/disks", {"items": {}})
    api.on("GET", BASE + "/zones/%s/instances" % ZONE, {"items": [_instance(api, "web-1")]})
    nodes = run_json(home, "--provider", "gce", "--endpoint-url", api.url, "--key", "default", "compute",
                     "list-nodes", GCE_METADATA_HOST=metadata.address, GOOGLE_CLOUD_PROJECT="proj",
                     CLOUDSDK_COMPUTE_ZONE=ZONE)
    assert [(n["name"], n["public_ips"]) for n in nodes] == [("web-1", ["203.0.113.9"])]
    assert metadata.token_requests == 1


def test_google_dns_zones_with_the_project_option(google):
    home, api, metadata = google
    api.on("GET", "/dns/v1/projects/other/managedZones", {"managedZones": [
        {"name": "example-com", "dnsName": "example.com.", "id": "7"}]})
    zones = run_json(home, "--provider", "google", "--endpoint-url", api.url, "--key", "default",
                     "--project", "other", "dns", "list-zones", GCE_METADATA_HOST=metadata.address)
    assert [(z["id"], z["domain"]) for z in zones] == [("example-com", "example.com.")]


def test_dry_run_names_the_project_never_the_key_file(google, tmp_path):
    home, _, _ = google
    key_file = tmp_path / "sa.json"
    key_file.write_text('{"client_email": "robot@p.iam.gserviceaccount.com", "private_key": "SECRET-PEM"}')
    done = run_cli(home, "--provider", "google", "--project", "proj", "dns", "create-zone", "example.com.",
                   "--dry-run", GOOGLE_APPLICATION_CREDENTIALS=str(key_file))
    assert done.returncode == 0, done.stderr
    assert "project proj" in done.stdout and "SECRET-PEM" not in done.stdout + done.stderr


def test_google_without_credentials_is_a_usage_error(google):
    home, _, _ = google
    assert_clean_error(run_cli(home, "--provider", "google", "dns", "list-zones"), 2, "GOOGLE_CLIENT_EMAIL")
