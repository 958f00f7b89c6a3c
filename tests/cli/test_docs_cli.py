"""docs/cli.rst is checked against ``libcloud --help``: every command and option it lists is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.clirun import REPO, run_cli

DOC = Path(REPO) / "docs" / "cli.rst"


def commands_in_help(text: str) -> list:
    """The command names argparse lists under its ``COMMAND`` heading."""
    section = text.split("COMMAND\n", 1)[-1] if "\n  COMMAND\n" in text else ""
    return re.findall(r"^    ([a-z][a-z-]*)\s", section, flags=re.MULTILINE)


def options_in_help(text: str) -> set:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text)) - {"--help"}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def help_text(home, *args):
    done = run_cli(home, *args, "--help", COLUMNS="200")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_service_in_the_top_level_help_is_documented(home, doc):
    services = commands_in_help(help_text(home))
    assert services == ["compute", "storage", "dns", "lb", "container", "pricing", "whoami"]
    for service in services:
        assert "``%s``" % service in doc, service
    for option in options_in_help(help_text(home)) - {"--version"}:
        assert "``%s" % option in doc, option


@pytest.mark.parametrize("service", ["compute", "storage", "dns", "lb", "container"])
def test_every_subcommand_and_option_is_documented(home, doc, service):
    commands = commands_in_help(help_text(home, service))
    assert len(commands) >= 5
    for command in commands:
        assert re.search(r"``%s[ `]" % re.escape(command), doc), "%s %s is not in docs/cli.rst" % (service, command)
        for option in options_in_help(help_text(home, service, command)):
            assert option in doc, "%s %s %s is not in docs/cli.rst" % (service, command, option)


def test_the_checker_sees_a_missing_command():
    # The parser above must really find commands, or the checks would pass vacuously.
    sample = "commands:\n  COMMAND\n    ls    list\n    mb    make\n"
    assert commands_in_help(sample) == ["ls", "mb"]
