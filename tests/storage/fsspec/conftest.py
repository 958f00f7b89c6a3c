"""The libcloud fsspec filesystem on the local driver (a temporary folder) and on S3 (moto)."""

from __future__ import annotations

import os

import pytest

# CI installs fsspec (requirements-test.txt): there a missing package fails instead of skipping.
fsspec = __import__("fsspec") if os.environ.get("CI") else pytest.importorskip("fsspec")

from libcloud.storage.filesystem import LibcloudFileSystem  # noqa: E402 - needs fsspec

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def local_fs(root) -> LibcloudFileSystem:
    """The filesystem over a local folder, with a container ``box``."""
    fs = LibcloudFileSystem(provider="local", key=str(root), skip_instance_cache=True)
    fs.mkdir("box")
    return fs


def s3_fs(moto) -> LibcloudFileSystem:
    """The filesystem over moto's S3, with a bucket ``box``."""
    fs = LibcloudFileSystem(provider="s3", key=KEY, secret=SECRET, region="eu-west-1", host=moto.host,
                            port=moto.port, secure=False, skip_instance_cache=True)
    fs.mkdir("box")
    return fs


@pytest.fixture(params=["local", "s3"])
def lfs(request, tmp_path) -> LibcloudFileSystem:
    """The filesystem on each driver, with an empty container ``box``."""
    if request.param == "local":
        root = tmp_path / "root"
        root.mkdir()
        return local_fs(root)
    return s3_fs(request.getfixturevalue("moto"))
