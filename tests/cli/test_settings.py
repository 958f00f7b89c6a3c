"""Provider and credential resolution: options, then environment, then the profile file."""

from __future__ import annotations

import argparse

import pytest

from libcloud.cli import CommandError
from libcloud.cli.settings import UsageProblem, connect, global_options, load_profile, resolve
from libcloud.storage.drivers.local import LocalStorageDriver


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def write_profile(home, text):
    folder = home / ".libcloud_data"
    folder.mkdir(exist_ok=True)
    (folder / "config").write_text(text)


def parse(*argv):
    return global_options().parse_args(list(argv))


AWS_ENV = {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_DEFAULT_REGION": "eu-west-1"}


def test_option_beats_environment_beats_profile(home):
    write_profile(home, "[default]\nprovider = s3\nkey = AKIDPROFILE\nsecret = profilesecret\nregion = us-west-2\n")
    from_profile = resolve("storage", parse(), environ={})
    assert (from_profile.provider, from_profile.key, from_profile.secret, from_profile.region) == \
        ("s3", "AKIDPROFILE", "profilesecret", "us-west-2")
    from_env = resolve("storage", parse(), environ=AWS_ENV)
    assert (from_env.key, from_env.secret, from_env.region) == ("AKIDENV", "envsecret", "eu-west-1")
    assert from_env.sources["key"] == "environment (AWS_ACCESS_KEY_ID)"
    from_options = resolve("storage", parse("--key", "AKIDOPT", "--secret", "optsecret", "--region", "ap-south-1"),
                           environ=AWS_ENV)
    assert (from_options.key, from_options.secret, from_options.region) == ("AKIDOPT", "optsecret", "ap-south-1")


def test_named_profile_and_service_specific_provider(home):
    write_profile(home, "[profile work]\nprovider = dummy\nstorage_provider = local\nroot = /srv/data\n"
                        "output = json\n")
    args = parse("--profile", "work")
    assert resolve("compute", args, environ={}).provider == "dummy"
    storage = resolve("storage", args, environ={})
    assert (storage.provider, storage.key, storage.output) == ("local", "/srv/data", "json")
    with pytest.raises(CommandError, match="profile 'nope' not found"):
        resolve("compute", parse("--profile", "nope"), environ={})
    assert resolve("compute", parse(), environ={"LIBCLOUD_PROFILE": "work"}).provider == "dummy"


def test_profile_file_errors_are_reported(home):
    write_profile(home, "[default]\nprovder = dummy\n")
    with pytest.raises(CommandError, match="unknown setting"):
        load_profile(None)
    write_profile(home, "not an ini file")
    with pytest.raises(CommandError, match="cannot read"):
        load_profile(None)


def test_missing_settings_are_usage_problems(home):
    with pytest.raises(UsageProblem, match="no dns provider"):
        resolve("dns", parse(), environ={})
    with pytest.raises(UsageProblem, match="LIBCLOUD_LOCAL_ROOT"):
        resolve("storage", parse("--provider", "local"), environ={})
    with pytest.raises(UsageProblem, match="needs a secret"):
        resolve("compute", parse("--provider", "ec2", "--key", "AKID"), environ={})
    assert UsageProblem.exit_code == 2


def test_secrets_stay_out_of_repr_and_descriptions(home):
    settings = resolve("storage", parse("--provider", "s3", "--endpoint-url", "http://127.0.0.1:9"),
                       environ=AWS_ENV)
    assert "envsecret" not in repr(settings)
    assert "envsecret" not in settings.describe() and "AKIDENV" not in settings.describe()
    assert settings.describe() == "storage provider s3, region eu-west-1, endpoint http://127.0.0.1:9"


def test_session_token_only_with_environment_keys(home):
    env = dict(AWS_ENV, AWS_SESSION_TOKEN="tok")
    assert resolve("compute", parse("--provider", "ec2"), environ=env).token == "tok"
    explicit = resolve("compute", parse("--provider", "ec2", "--key", "A", "--secret", "B"), environ=env)
    assert explicit.token is None


def test_connect_builds_local_and_endpoint_drivers(home, tmp_path):
    local = connect(resolve("storage", parse("--provider", "local", "--root", str(tmp_path)), environ={}))
    assert isinstance(local, LocalStorageDriver) and local.base_path == str(tmp_path)
    ec2 = connect(resolve("compute", parse("--provider", "ec2", "--endpoint-url", "http://127.0.0.1:4566"),
                          environ=AWS_ENV))
    assert (ec2.connection.host, ec2.connection.port, ec2.connection.secure) == ("127.0.0.1", 4566, False)
    assert ec2.region_name == "eu-west-1"
    with pytest.raises(UsageProblem, match="endpoint"):
        connect(resolve("compute", parse("--provider", "ec2", "--endpoint-url", "ftp://x"), environ=AWS_ENV))


def test_cp_destination_defaults_to_the_source_provider(home):
    args = argparse.Namespace(provider="dummy")
    assert resolve("storage", args, "to_", environ={}).provider == "dummy"
    args = argparse.Namespace(provider="dummy", to_provider="local", to_root="/tmp")
    destination = resolve("storage", args, "to_", environ={})
    assert (destination.provider, destination.key) == ("local", "/tmp")


AZURE_ENV = {"AZURE_CLIENT_ID": "app-1", "AZURE_CLIENT_SECRET": "azsecret", "AZURE_TENANT_ID": "tenant-1",
             "AZURE_SUBSCRIPTION_ID": "sub-1", "AZURE_LOCATION": "westeurope"}


def test_azure_arm_takes_a_service_principal_from_the_azure_sdk_variables(home):
    driver = connect(resolve("compute", parse("--provider", "azure_arm"), environ=AZURE_ENV))
    assert (driver.tenant_id, driver.subscription_id) == ("tenant-1", "sub-1")
    assert (driver.connection.user_id, driver.connection.tenant_id) == ("app-1", "tenant-1")
    assert driver.default_location.id == "westeurope"
    assert "azsecret" not in repr(driver.connection)
    missing = {k: v for k, v in AZURE_ENV.items() if k != "AZURE_TENANT_ID"}
    with pytest.raises(UsageProblem, match="AZURE_TENANT_ID"):
        resolve("compute", parse("--provider", "azure_arm"), environ=missing)
