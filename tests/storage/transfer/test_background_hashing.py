"""Hashing off the reading thread: same digests, bounded queue, threads always joined."""

from __future__ import annotations

import hashlib
import os
import random
import threading

import pytest

from libcloud.storage.transfer.download import AtomicFileWriter
from libcloud.storage.transfer.hashing import BackgroundHashCounter, PrefixHasher
from libcloud.storage.types import ObjectHashMismatchError


def _hash_threads():
    return [t for t in threading.enumerate() if t.name.startswith("libcloud-hash")]


def test_background_counter_matches_hashlib():
    data = [os.urandom(random.Random(i).randint(1, 200_000)) for i in range(50)]
    counter = BackgroundHashCounter("md5")
    for chunk in data:
        counter.update(chunk)
    assert counter.hexdigest() == hashlib.md5(b"".join(data)).hexdigest()
    assert counter.bytes == sum(map(len, data))
    assert not _hash_threads()


def test_small_objects_are_hashed_without_a_thread(monkeypatch):
    from libcloud.storage.transfer import hashing

    started = []
    monkeypatch.setattr(hashing.threading.Thread, "start", lambda self: started.append(self.name))
    small = BackgroundHashCounter("md5")
    small.update(b"a" * 1000)
    small.update(b"b" * (hashing.INLINE_HASH_LIMIT - 1000))
    assert started == [] and small.bytes == hashing.INLINE_HASH_LIMIT
    assert small.hexdigest() == hashlib.md5(b"a" * 1000 + b"b" * (hashing.INLINE_HASH_LIMIT - 1000)).hexdigest()
    large = BackgroundHashCounter("md5")
    large.update(b"c" * (hashing.INLINE_HASH_LIMIT + 1))
    assert started == ["libcloud-hash"]


def test_background_counter_copies_mutable_chunks():
    buffer = bytearray(b"a" * 1000)
    counter = BackgroundHashCounter("md5")
    counter.update(buffer)
    buffer[:] = b"b" * 1000  # the caller reuses its buffer
    assert counter.hexdigest() == hashlib.md5(b"a" * 1000).hexdigest()


def test_prefix_hasher_hashes_out_of_order_spans(tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 123)
    path = tmp_path / "f"
    path.write_bytes(data)
    spans = [(i, min(i + 100_000, len(data))) for i in range(0, len(data), 100_000)]
    random.Random(4).shuffle(spans)
    fd = os.open(path, os.O_RDONLY)
    try:
        hasher = PrefixHasher(fd, "md5", block=64 * 1024)
        for start, end in spans:
            hasher.add(start, end)
        assert hasher.finish(len(data)) == hashlib.md5(data).hexdigest()
    finally:
        os.close(fd)
    assert not _hash_threads()


def test_parallel_writes_verify_and_publish(tmp_path):
    data = os.urandom(2 * 1024 * 1024)
    target = tmp_path / "out"
    writer = AtomicFileWriter(str(target), expected_hash=hashlib.md5(data).hexdigest(), expected_size=len(data))
    with writer:
        offsets = list(range(0, len(data), 256 * 1024))
        random.Random(1).shuffle(offsets)
        for offset in offsets:
            writer.pwrite(offset, data[offset:offset + 256 * 1024])
        assert writer.commit() is True
    assert target.read_bytes() == data
    assert not _hash_threads()


@pytest.mark.parametrize("parallel", [False, True])
def test_a_mismatch_leaves_no_file_and_no_thread(tmp_path, parallel):
    data = os.urandom(1024 * 1024)
    target = tmp_path / "out"
    target.write_bytes(b"old")
    writer = AtomicFileWriter(str(target), expected_hash="0" * 32, expected_size=len(data))
    with pytest.raises(ObjectHashMismatchError):
        with writer:
            if parallel:
                writer.pwrite(512 * 1024, data[512 * 1024:])
                writer.pwrite(0, data[:512 * 1024])
            else:
                writer.write(data)
            writer.commit()
    assert sorted(os.listdir(tmp_path)) == ["out"] and target.read_bytes() == b"old"
    assert not _hash_threads()


def test_an_abort_mid_download_joins_the_hashing_thread(tmp_path):
    writer = AtomicFileWriter(str(tmp_path / "out"), expected_hash="0" * 32)
    with pytest.raises(RuntimeError):
        with writer:
            writer.write(b"x" * 100_000)
            raise RuntimeError("connection cut")
    assert os.listdir(tmp_path) == []
    assert not _hash_threads()


class _GatedHasher:
    """A hasher whose update() waits for a gate, so the queue in front of it fills up."""

    def __init__(self):
        self.gate = threading.Event()
        self.inner = hashlib.md5()

    def update(self, chunk):
        self.gate.wait()
        self.inner.update(chunk)

    def hexdigest(self):
        return self.inner.hexdigest()


def test_background_counter_queue_is_bounded(monkeypatch):
    from libcloud.storage.transfer import hashing

    monkeypatch.setattr(hashing, "INLINE_HASH_LIMIT", 0)  # every chunk goes through the queue
    counter = BackgroundHashCounter("md5", max_pending=2)
    gated = counter.hasher = _GatedHasher()
    chunks = [bytes([i]) * 1000 for i in range(5)]

    def feed():
        for chunk in chunks:
            counter.update(chunk)

    feeder = threading.Thread(target=feed)
    feeder.start()
    # one chunk in the worker, two queued: the fourth update() waits until the hasher moves on
    feeder.join(0.3)
    assert feeder.is_alive()
    assert counter._queue.qsize() <= 2
    gated.gate.set()
    feeder.join()
    assert counter.hexdigest() == hashlib.md5(b"".join(chunks)).hexdigest()
    assert not _hash_threads()


def test_a_failing_prefix_read_aborts_and_joins(tmp_path, monkeypatch):
    from libcloud.storage.transfer import hashing

    def broken_read(*args):
        raise OSError("disk went away")

    monkeypatch.setattr(hashing.os, "preadv", broken_read, raising=False)
    monkeypatch.setattr(hashing.os, "pread", broken_read)
    data = os.urandom(300_000)
    target = tmp_path / "out"
    writer = AtomicFileWriter(str(target), expected_hash=hashlib.md5(data).hexdigest(), expected_size=len(data))
    with pytest.raises(OSError, match="disk went away"):
        with writer:
            writer.pwrite(0, data[:100_000])
            writer.pwrite(100_000, data[100_000:])
            writer.commit()
    assert os.listdir(tmp_path) == []
    assert not _hash_threads()


@pytest.mark.parametrize("missing", [("preadv",), ("preadv", "pread")])
def test_parallel_verification_without_positional_reads(tmp_path, monkeypatch, missing):
    # Without preadv the worker uses pread; without both (Windows) finish() hashes the file at the end.
    from libcloud.storage.transfer import hashing

    for name in missing:
        monkeypatch.delattr(hashing.os, name, raising=False)
    data = os.urandom(3 * 1024 * 1024 + 17)
    target = tmp_path / "out"
    writer = AtomicFileWriter(str(target), expected_hash=hashlib.md5(data).hexdigest(), expected_size=len(data))
    with writer:
        offsets = list(range(0, len(data), 700_000))
        random.Random(3).shuffle(offsets)
        for offset in offsets:
            writer.pwrite(offset, data[offset:offset + 700_000])
        assert writer.commit() is True
    assert target.read_bytes() == data
    assert not _hash_threads()


def test_parallel_mismatch_with_a_complete_prefix_leaves_nothing(tmp_path):
    # every span arrives in order, so the worker hashes it all before commit; the digest still decides
    data = os.urandom(2 * 1024 * 1024)
    target = tmp_path / "out"
    writer = AtomicFileWriter(str(target), expected_hash=hashlib.md5(b"other").hexdigest(), expected_size=len(data))
    with pytest.raises(ObjectHashMismatchError):
        with writer:
            for offset in range(0, len(data), 256 * 1024):
                writer.pwrite(offset, data[offset:offset + 256 * 1024])
            writer.commit()
    assert os.listdir(tmp_path) == []
    assert not _hash_threads()
