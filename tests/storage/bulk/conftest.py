"""Fixtures for bulk transfers: a tree of files, the local driver on a temporary folder, S3 on moto."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict

import pytest

from libcloud.storage.drivers.local import LocalStorageDriver
from libcloud.storage.drivers.s3 import S3StorageDriver

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def make_tree(root: Path, files: Dict[str, bytes]) -> Path:
    """Write ``files`` (relative name -> content) under ``root``."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def read_tree(root: Path) -> Dict[str, bytes]:
    """Every file under ``root`` as relative name -> content."""
    out = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def sample_files(count: int = 12) -> Dict[str, bytes]:
    """Small files of different sizes in nested folders (one empty)."""
    files = {"dir%d/sub/file-%02d.bin" % (i % 3, i): bytes([i]) * (i * 97) for i in range(count)}
    files["top.txt"] = b"hello\n"
    return files


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A local folder holding :func:`sample_files`."""
    return make_tree(tmp_path / "tree", sample_files())


@pytest.fixture
def local_driver(tmp_path: Path) -> LocalStorageDriver:
    """The local driver on an empty folder, with a container ``box``."""
    root = tmp_path / "root"
    root.mkdir()
    driver = LocalStorageDriver(str(root))
    driver.create_container("box")
    return driver


def s3_driver(moto, **kwargs) -> S3StorageDriver:
    """An S3 driver on the moto server (path-style, eu-west-1)."""
    return S3StorageDriver(KEY, SECRET, host=moto.host, port=moto.port, secure=False, region="eu-west-1", **kwargs)


@pytest.fixture
def s3(moto) -> S3StorageDriver:
    """An S3 driver on a freshly emptied moto, with a bucket ``box``."""
    driver = s3_driver(moto)
    driver.create_container("box")
    return driver


@pytest.fixture
def azure(azurite):
    """An Azure Blobs driver on the session's Azurite, with a fresh container; returns (driver, name)."""
    driver = azurite.driver()
    name = azurite.unique("sync")
    driver.create_container(name)
    return driver, name


@pytest.fixture(autouse=True)
def hash_records(tmp_path_factory, monkeypatch):
    """Sync's MD5 records go to a folder of the test's own, never to the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("hash-records")
    monkeypatch.setenv("LIBCLOUD_SYNC_HASH_RECORD", str(folder))
    return folder
