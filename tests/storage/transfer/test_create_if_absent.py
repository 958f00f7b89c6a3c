"""Issue 19 item 3: ``overwrite_existing=False`` is an atomic create-if-absent, for every driver.

Two downloads racing to one new path: exactly one wins.  A file that appears
while a download runs is never replaced.  Checked on the writer itself, on
the local driver and on S3 (moto).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, List

import pytest

from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.local import LocalStorageDriver
from libcloud.storage.transfer import download as download_module
from libcloud.storage.transfer.download import AtomicFileWriter, resolve_destination
from tests.storage.s3.conftest import make_driver


def _leftovers(folder: Path) -> List[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(download_module.TEMP_PREFIX))


def test_two_writers_to_one_new_path_exactly_one_wins(tmp_path: Path) -> None:
    target = str(tmp_path / "out.bin")
    first = AtomicFileWriter(resolve_destination(target, "o", overwrite_existing=False)).open()
    second = AtomicFileWriter(resolve_destination(target, "o", overwrite_existing=False)).open()
    first.write(b"first")
    second.write(b"second")
    assert first.commit() is True
    with pytest.raises(LibcloudError, match="already exists"):
        second.commit()
    assert Path(target).read_bytes() == b"first"
    assert _leftovers(tmp_path) == []


def test_overwrite_existing_true_still_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    writer = AtomicFileWriter(resolve_destination(str(target), "o", overwrite_existing=True)).open()
    writer.write(b"new")
    assert writer.commit() is True
    assert target.read_bytes() == b"new"


def test_without_hard_links_the_name_is_still_reserved_atomically(tmp_path: Path, monkeypatch) -> None:
    def no_links(*args: Any, **kwargs: Any) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.bin"
    writer = AtomicFileWriter(resolve_destination(str(target), "o", overwrite_existing=False)).open()
    writer.write(b"data")
    assert writer.commit() is True
    assert target.read_bytes() == b"data"
    late = AtomicFileWriter(resolve_destination(str(tmp_path / "b.bin"), "o", overwrite_existing=False)).open()
    (tmp_path / "b.bin").write_bytes(b"someone else")
    late.write(b"mine")
    with pytest.raises(LibcloudError, match="already exists"):
        late.commit()
    assert (tmp_path / "b.bin").read_bytes() == b"someone else"
    assert _leftovers(tmp_path) == []


@pytest.fixture
def appear_before_publish(monkeypatch):
    """Make another "process" create the destination just before a download publishes it."""
    original = AtomicFileWriter.commit

    def commit(self: AtomicFileWriter) -> bool:
        Path(self.final_path).write_bytes(b"created meanwhile")
        return original(self)

    monkeypatch.setattr(AtomicFileWriter, "commit", commit)


def _local_object(tmp_path: Path) -> Any:
    root = tmp_path / "store"
    root.mkdir()
    driver = LocalStorageDriver(str(root))
    container = driver.create_container("c")
    return driver.upload_object_via_stream(iter([b"payload"]), container, "obj")


def test_local_download_never_replaces_a_file_created_meanwhile(tmp_path: Path, appear_before_publish) -> None:
    obj = _local_object(tmp_path)
    target = tmp_path / "dest.bin"
    with pytest.raises(LibcloudError, match="already exists"):
        obj.download(str(target), overwrite_existing=False)
    assert target.read_bytes() == b"created meanwhile"
    assert _leftovers(tmp_path) == []


def test_local_concurrent_downloads_to_one_new_path_one_wins(tmp_path: Path) -> None:
    obj = _local_object(tmp_path)
    target = str(tmp_path / "dest.bin")
    barrier = threading.Barrier(8)
    results: List[Any] = []
    original = AtomicFileWriter.commit

    def racing_commit(self: AtomicFileWriter) -> bool:
        barrier.wait(timeout=10)  # every download has its data; now they all publish at once
        return original(self)

    def download() -> None:
        try:
            results.append(obj.download(target, overwrite_existing=False))
        except LibcloudError as exc:
            results.append(exc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AtomicFileWriter, "commit", racing_commit)
        threads = [threading.Thread(target=download) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert results.count(True) == 1
    assert sum(isinstance(r, LibcloudError) for r in results) == 7
    assert Path(target).read_bytes() == b"payload"
    assert _leftovers(tmp_path) == []


def test_s3_download_never_replaces_a_file_created_meanwhile(moto, tmp_path: Path, appear_before_publish) -> None:
    s3 = make_driver(moto)
    bucket = s3.create_container("create-if-absent")
    obj = s3.upload_object_via_stream(iter([b"payload"]), bucket, "obj")
    target = tmp_path / "dest.bin"
    with pytest.raises(LibcloudError, match="already exists"):
        s3.download_object(obj, str(target), overwrite_existing=False)
    assert target.read_bytes() == b"created meanwhile"
    assert _leftovers(tmp_path) == []
    s3.download_object(obj, str(target), overwrite_existing=True)
    assert target.read_bytes() == b"payload"
