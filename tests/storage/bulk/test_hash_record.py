"""The MD5 record that spares a re-run of ``sync`` from hashing unchanged local files."""

from __future__ import annotations

import json
import os
import time

import pytest

from libcloud.storage.transfer import Remote, sync
from libcloud.storage.transfer import hashrecord, syncing
from libcloud.storage.transfer.hashrecord import HashRecord, record_folder
from libcloud.storage.transfer.listing import md5_of_file


class Counting:
    """``md5_of_file`` that counts the files it read."""

    def __init__(self) -> None:
        self.paths = []

    def __call__(self, path: str) -> str:
        self.paths.append(path)
        return md5_of_file(path)


@pytest.fixture
def settled(monkeypatch):
    """Files written by the test count as settled at once (no racy window)."""
    monkeypatch.setattr(hashrecord, "RACY_SECONDS", -1.0)


def _rewrite_same_size_and_mtime(path, data: bytes) -> None:
    before = os.stat(path)
    time.sleep(0.05)  # past the file system's coarse clock tick, so the change time moves
    with open(path, "r+b") as handle:
        handle.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_unchanged_file_is_read_once(tmp_path, hash_records, settled):
    (tmp_path / "a.bin").write_bytes(b"x" * 1000)
    compute = Counting()
    first = HashRecord(str(tmp_path), str(hash_records))
    md5 = first.md5("a.bin", str(tmp_path / "a.bin"), compute)
    first.save()
    again = HashRecord(str(tmp_path), str(hash_records))
    assert again.md5("a.bin", str(tmp_path / "a.bin"), compute) == md5 == md5_of_file(str(tmp_path / "a.bin"))
    assert len(compute.paths) == 1 and again.hits == 1


def test_same_size_and_restored_mtime_is_still_a_change(tmp_path, hash_records, settled):
    path = tmp_path / "a.bin"
    path.write_bytes(b"before")
    record = HashRecord(str(tmp_path), str(hash_records))
    old = record.md5("a.bin", str(path), md5_of_file)
    _rewrite_same_size_and_mtime(path, b"AFTER!")
    record.save()
    compute = Counting()
    new = HashRecord(str(tmp_path), str(hash_records))
    assert new.md5("a.bin", str(path), compute) == md5_of_file(str(path)) != old
    assert compute.paths == [str(path)]


def test_freshly_written_file_is_not_recorded(tmp_path, hash_records):
    (tmp_path / "a.bin").write_bytes(b"fresh")  # its times are now: inside the racy window
    compute = Counting()
    record = HashRecord(str(tmp_path), str(hash_records))
    record.md5("a.bin", str(tmp_path / "a.bin"), compute)
    record.save()
    HashRecord(str(tmp_path), str(hash_records)).md5("a.bin", str(tmp_path / "a.bin"), compute)
    assert len(compute.paths) == 2
    assert os.listdir(hash_records) == []


def test_corrupt_or_foreign_record_means_hashing_again(tmp_path, hash_records, settled):
    (tmp_path / "a.bin").write_bytes(b"data")
    record = HashRecord(str(tmp_path), str(hash_records))
    record.md5("a.bin", str(tmp_path / "a.bin"), md5_of_file)
    record.save()
    assert record.path is not None
    with open(record.path, "w") as handle:
        handle.write("{not json")
    compute = Counting()
    HashRecord(str(tmp_path), str(hash_records)).md5("a.bin", str(tmp_path / "a.bin"), compute)
    with open(record.path, "w") as handle:
        json.dump({"format": 1, "root": "/elsewhere", "files": {"a.bin": [0, 0, 0, 0, 0, "0" * 32]}}, handle)
    HashRecord(str(tmp_path), str(hash_records)).md5("a.bin", str(tmp_path / "a.bin"), compute)
    assert len(compute.paths) == 2


def test_turned_off(tmp_path, monkeypatch, settled):
    monkeypatch.setenv("LIBCLOUD_SYNC_HASH_RECORD", "off")
    assert record_folder() is None
    (tmp_path / "a.bin").write_bytes(b"data")
    record = HashRecord.for_root(str(tmp_path))
    compute = Counting()
    record.md5("a.bin", str(tmp_path / "a.bin"), compute)
    record.save()
    record.md5("a.bin", str(tmp_path / "a.bin"), compute)
    assert len(compute.paths) == 2 and record.path is None


def test_default_folder_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("LIBCLOUD_SYNC_HASH_RECORD")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert record_folder() == os.path.join(str(tmp_path), "libcloud", "sync-md5")


def test_sync_rerun_reads_no_unchanged_file(local_driver, tree, monkeypatch, settled):
    compute = Counting()
    monkeypatch.setattr(syncing, "md5_of_file", compute)
    assert sync(str(tree), Remote(local_driver, "box")).ok
    first = sync(str(tree), Remote(local_driver, "box"))  # hashes (and records) every same-size file
    assert first.summary()["transferred"] == 0 and compute.paths
    compute.paths.clear()
    second = sync(str(tree), Remote(local_driver, "box"))
    assert second.summary()["transferred"] == 0 and compute.paths == []

    _rewrite_same_size_and_mtime(tree / "top.txt", b"HELLO\n")
    third = sync(str(tree), Remote(local_driver, "box"))
    assert third.summary()["transferred"] == 1 and compute.paths == [os.path.join(str(tree), "top.txt")]
