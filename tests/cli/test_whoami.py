"""``libcloud whoami`` and the AWS chain from the command line (STS through moto)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from libcloud.cli import main
from libcloud.cli.whoami import mask_key_id


@pytest.fixture
def aws_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with AWS shared files (profile ``dev``) and no libcloud profile file."""
    aws = tmp_path / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text("[dev]\naws_access_key_id = AKIADEVEXAMPLE1234\n"
                                     "aws_secret_access_key = dev-secret-value\n")
    (aws / "credentials").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws / "credentials"))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LIBCLOUD_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_key_ids_are_masked_like_the_aws_cli() -> None:
    assert mask_key_id("AKIADEVEXAMPLE1234") == "**************1234"
    assert mask_key_id("abc") == "****" and mask_key_id(None) == ""


def test_whoami_reads_the_aws_profile_and_asks_sts(aws_home: Path, moto: Any, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", moto.url)
    code = main(["whoami", "--provider", "route53", "--profile", "dev", "--output", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    row = json.loads(out)
    assert row["source"] == "profile dev" and row["service"] == "dns"
    assert row["key_id"] == "**************1234"
    assert row["account"] == "123456789012" and row["arn"].startswith("arn:aws:")
    assert "dev-secret-value" not in out + err


def test_whoami_offline_and_missing_credentials_error(aws_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["whoami", "--provider", "ec2", "--profile", "dev", "--offline"]) == 0
    assert "profile dev" in capsys.readouterr().out
    # No key, no profile with keys: the chain's error lists what it tried.
    assert main(["whoami", "--provider", "s3", "--offline"]) == 2  # a set-up problem, like a missing --key
    err = capsys.readouterr().err
    assert "No AWS credentials found" in err and "instance metadata" in err
