"""`libcloud pricing ...`: the real console entry (`python -m libcloud`) in a subprocess."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import libcloud
from libcloud import pricing
from libcloud.cli import main
from libcloud.cli.pricing import ProgressPrinter

_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)  # tests/ holds the shared local server
from pricing_servers import BUNDLED_UPDATED, pricing_bytes, running_pricing_server  # noqa: E402

REPO = str(Path(libcloud.__file__).resolve().parent.parent)
OLD_BYTES = pricing_bytes(updated=BUNDLED_UPDATED + 500, compute={"vps_net": {"1": 0.25}})
NEW_BYTES = pricing_bytes(updated=BUNDLED_UPDATED + 1000)


@pytest.fixture
def pricing_server():
    with running_pricing_server() as server:
        yield server


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # for the in-process main() tests
    pricing.invalidate_pricing_cache()
    yield home
    pricing.invalidate_pricing_cache()


@pytest.fixture
def user_file(home) -> Path:
    path = home / ".libcloud_data" / "pricing.json"
    path.parent.mkdir()
    path.write_bytes(OLD_BYTES)
    return path


def run_cli(home: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HOME=str(home), PYTHONPATH=REPO, **env_extra)
    return subprocess.run([sys.executable, "-m", "libcloud", *args], env=env, capture_output=True, text=True,
                          check=False, timeout=120, cwd=str(home))


def leftovers(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name != "pricing.json")


# -- update ----------------------------------------------------------------------

def test_update_installs_the_file_and_the_next_run_uses_it(pricing_server, user_file, home):
    url = pricing_server.add("/pricing.json", NEW_BYTES)
    before = run_cli(home, "pricing", "show", "vps_net", "--size", "1")
    assert (before.returncode, before.stdout) == (0, "0.25\n")

    done = run_cli(home, "pricing", "update", "--insecure", "--url", url)

    assert done.returncode == 0, done.stderr
    assert "Installed pricing data" in done.stdout and str(user_file) in done.stdout
    assert done.stderr == ""  # no progress output when stderr is not a terminal
    assert user_file.read_bytes() == NEW_BYTES
    assert leftovers(user_file.parent) == []
    after = run_cli(home, "pricing", "show", "vps_net", "--size", "1")
    assert (after.returncode, after.stdout) == (0, "0.75\n")
    where = run_cli(home, "pricing", "path")
    assert where.stdout == str(user_file) + "\n"


def test_update_creates_the_missing_folder(pricing_server, home):
    done = run_cli(home, "pricing", "update", "--insecure", "--url", pricing_server.add("/pricing.json", NEW_BYTES))
    assert done.returncode == 0, done.stderr
    assert (home / ".libcloud_data" / "pricing.json").read_bytes() == NEW_BYTES


def test_update_to_an_explicit_file(pricing_server, home, tmp_path):
    target = tmp_path / "new" / "prices.json"
    done = run_cli(home, "pricing", "update", "--insecure", "--url", pricing_server.add("/p.json", NEW_BYTES),
                   "--file", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == NEW_BYTES


def test_update_honours_the_proxy_environment(pricing_server, home):
    pricing_server.add("http://pricing.example.invalid/pricing.json", NEW_BYTES)
    done = run_cli(home, "pricing", "update", "--insecure", "--url", "http://pricing.example.invalid/pricing.json",
                   http_proxy=pricing_server.url(""))
    assert done.returncode == 0, done.stderr
    assert (home / ".libcloud_data" / "pricing.json").read_bytes() == NEW_BYTES


FAILURES = {
    "404": (dict(status=404, body=b"nope"), "HTTP 404"),
    "truncated": (dict(body=NEW_BYTES, cut_after=20), "broke|cut short"),
    "not json": (dict(body=b"Service Unavailable"), "not valid JSON"),
    "wrong shape": (dict(body=b'{"updated": 1800000000, "compute": ["ec2"]}'), '"compute" must be an object'),
    "stalled": (dict(stall_before_headers=True), "[Tt]imed out"),
    "older": (dict(body=pricing_bytes(updated=BUNDLED_UPDATED + 100)), "older than .*--force"),
}


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_failed_update_exits_1_and_keeps_the_old_file(pricing_server, user_file, home, name):
    route, reason = FAILURES[name]
    url = pricing_server.add("/pricing.json", **route)
    done = run_cli(home, "pricing", "update", "--insecure", "--url", url, "--timeout", "0.5")
    assert done.returncode == 1
    assert done.stderr.startswith("libcloud: error: pricing data not updated: ")
    assert re.search(reason, done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert user_file.read_bytes() == OLD_BYTES
    assert leftovers(user_file.parent) == []


def test_older_file_with_force(pricing_server, user_file, home):
    older = pricing_bytes(updated=BUNDLED_UPDATED + 100)
    done = run_cli(home, "pricing", "update", "--insecure", "--url", pricing_server.add("/p.json", older), "--force")
    assert done.returncode == 0, done.stderr
    assert user_file.read_bytes() == older


def test_debug_shows_the_traceback(pricing_server, user_file, home):
    url = pricing_server.add("/p.json", status=404)
    done = run_cli(home, "--debug", "pricing", "update", "--insecure", "--url", url)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "PricingDownloadError" in done.stderr
    after = run_cli(home, "pricing", "update", "--insecure", "--url", url, "--debug")  # also accepted after the command
    assert after.returncode == 1 and "Traceback" in after.stderr
    assert user_file.read_bytes() == OLD_BYTES


# -- show and path -----------------------------------------------------------------

def test_show_region_keyed_table(home):
    by_region = run_cli(home, "pricing", "show", "ec2_linux", "--size", "t3.small")
    assert by_region.returncode == 0
    rows = dict(line.split("\t") for line in by_region.stdout.splitlines())
    one = run_cli(home, "pricing", "show", "ec2_linux", "--size", "t3.small", "--region", "us-east-1")
    assert float(one.stdout) == float(rows["us-east-1"])
    as_json = run_cli(home, "pricing", "show", "ec2_linux", "--size", "t3.small", "--json")
    assert {k: str(v) for k, v in json.loads(as_json.stdout).items()} == rows


def test_show_whole_table_from_an_explicit_file(home, tmp_path):
    custom = tmp_path / "custom.json"
    custom.write_bytes(pricing_bytes())
    done = run_cli(home, "pricing", "show", "ec2_linux", "--file", str(custom))
    assert done.stdout.splitlines() == ["t3.small\tus-east-1\t0.5", "t3.small\teu-west-1\t0.55"]
    in_region = run_cli(home, "pricing", "show", "ec2_linux", "--file", str(custom), "--region", "eu-west-1")
    assert in_region.stdout == "t3.small\t0.55\n"


@pytest.mark.parametrize("args, message", [
    (["no_such_driver"], "has no compute pricing for 'no_such_driver'"),
    (["vps_net", "--size", "999"], "no price for size '999'"),
    (["vps_net", "--region", "us-east-1"], "not per region"),
    (["ec2_linux", "--size", "t3.small", "--region", "mars-1"], "region 'mars-1'"),
    (["vps_net", "--file", "/nonexistent/pricing.json"], "No such file"),
])
def test_show_errors_exit_1(home, args, message, capsys):
    assert main(["pricing", "show", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_path_all_lists_the_lookup_order(home, capsys):
    legacy = home / ".libcloud" / "pricing.json"
    legacy.parent.mkdir()
    legacy.write_bytes(OLD_BYTES)
    assert main(["pricing", "path", "--all"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [row[1] for row in lines] == ["user", "legacy user", "bundled"]
    assert lines[0][2] == "missing"
    assert lines[1][0] == str(legacy) and lines[1][2].startswith("in use")
    assert lines[2][2].startswith("present, updated 2025-03-02")


# -- usage and the entry point ---------------------------------------------------------

@pytest.mark.parametrize("argv", [
    [], ["pricing"], ["pricing", "show"], ["nope"], ["pricing", "update", "--timeout", "-1"],
    ["pricing", "show", "vps_net", "--type", "dns"],
])
def test_usage_errors_exit_2(home, argv, capsys):
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(home, capsys):
    assert main(["pricing", "update", "--help"]) == 0
    assert "--force" in capsys.readouterr().out


def test_console_entry_usage_error(home):
    done = run_cli(home, "pricing", "frobnicate")
    assert done.returncode == 2 and "invalid choice" in done.stderr


# -- progress ------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_printer():
    out = FakeTerminal()
    printer = ProgressPrinter(out)
    printer(0, 2 * 1024 * 1024)
    printer(1024 * 1024, 2 * 1024 * 1024)
    printer(3 * 1024 * 1024, None)
    printer.finish()
    text = out.getvalue()
    assert "\r" in text and "1.0 MiB of 2.0 MiB (50%)" in text and "3.0 MiB" in text
    assert text.endswith("\n")


def test_update_shows_progress_on_a_terminal(pricing_server, home, monkeypatch, capsys):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["pricing", "update", "--insecure", "--url", pricing_server.add("/p.json", NEW_BYTES)]) == 0
    assert "Downloading pricing data:" in terminal.getvalue()
    assert "Installed pricing data" in capsys.readouterr().out
