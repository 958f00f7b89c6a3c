"""Issue 19 item 6: temporary files of killed transfers are cleaned by later operations in the same folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from libcloud.storage.drivers.local import LocalStorageDriver
from libcloud.storage.transfer import stale
from libcloud.storage.transfer.stale import STALE_AFTER, TEMP_PREFIX, sweep_stale_temp_files


@pytest.fixture(autouse=True)
def fresh_sweeps():
    stale._last_sweep.clear()
    yield
    stale._last_sweep.clear()


def _temp(folder: Path, name: str, age: float) -> Path:
    path = folder / (TEMP_PREFIX + name + ".k3j2h1.part")
    path.write_bytes(b"partial")
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def _driver_and_object(tmp_path: Path):
    root = tmp_path / "store"
    root.mkdir()
    driver = LocalStorageDriver(str(root))
    container = driver.create_container("c")
    return driver, container, driver.upload_object_via_stream(iter([b"payload"]), container, "obj")


def test_a_download_removes_abandoned_temporary_files_beside_it(tmp_path: Path) -> None:
    _, _, obj = _driver_and_object(tmp_path)
    dest = tmp_path / "downloads"
    dest.mkdir()
    abandoned = _temp(dest, "killed.bin", STALE_AFTER + 60)
    running = _temp(dest, "running.bin", 5)  # another process still writing it
    other = dest / ".libcloud-tmp-not-ours.txt"  # not our suffix
    other.write_bytes(b"x")
    precious = tmp_path / "precious"
    precious.write_bytes(b"keep")
    link = dest / (TEMP_PREFIX + "link.part")
    os.symlink(str(precious), str(link))
    old = time.time() - STALE_AFTER - 60
    os.utime(str(link), (old, old), follow_symlinks=False)

    assert obj.download(str(dest / "obj.bin")) is True
    assert not abandoned.exists()
    assert running.exists() and other.exists()
    assert link.is_symlink() and precious.read_bytes() == b"keep"  # never through a symlink
    assert (dest / "obj.bin").read_bytes() == b"payload"


def test_a_local_upload_removes_abandoned_temporary_files_in_the_container(tmp_path: Path) -> None:
    driver, container, _ = _driver_and_object(tmp_path)
    folder = tmp_path / "store" / "c"
    stale._last_sweep.clear()
    abandoned = _temp(folder, "killed-upload", STALE_AFTER + 1)
    driver.upload_object_via_stream(iter([b"more"]), container, "second")
    assert not abandoned.exists()
    assert sorted(o.name for o in driver.list_container_objects(container)) == ["obj", "second"]


def test_a_folder_is_swept_at_most_once_per_interval(tmp_path: Path) -> None:
    first = _temp(tmp_path, "a", STALE_AFTER + 1)
    assert sweep_stale_temp_files(str(tmp_path)) == 1
    second = _temp(tmp_path, "b", STALE_AFTER + 1)
    assert sweep_stale_temp_files(str(tmp_path)) == 0  # swept moments ago
    assert second.exists()
    assert sweep_stale_temp_files(str(tmp_path), force=True) == 1
    assert not first.exists() and not second.exists()
