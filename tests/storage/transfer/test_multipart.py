import random
import threading
import tracemalloc

import pytest

from libcloud._core.flow import Sleep, run_sync
from libcloud.storage.transfer import iter_parts, multipart_upload_flow


def test_iter_parts_exact_sizes():
    parts = list(iter_parts(iter([b"a" * 7, b"b" * 2, b"c" * 12]), 5))
    assert [len(p) for p in parts] == [5, 5, 5, 5, 1]
    assert b"".join(parts) == b"a" * 7 + b"b" * 2 + b"c" * 12
    assert list(iter_parts(iter([]), 5)) == [b""]
    assert list(iter_parts(iter([]), 5, yield_empty=False)) == []
    assert list(iter_parts(iter([b"12345"]), 5)) == [b"12345"]
    with pytest.raises(ValueError):
        list(iter_parts(iter([b"a"]), 0))


class FakeMultipart:
    """Records what a driver's part/abort/complete flows would see."""

    def __init__(self, fail_on=None):
        self.fail_on = fail_on
        self.lock = threading.Lock()
        self.alive = 0
        self.max_alive = 0
        self.uploaded = {}
        self.aborted = False
        self.completed = None

    def part_flow(self, number, data):
        with self.lock:
            self.alive += 1
            self.max_alive = max(self.max_alive, self.alive)
        try:
            yield Sleep(0)
            if number == self.fail_on:
                raise IOError("part %d failed" % number)
            with self.lock:
                self.uploaded[number] = len(data)
            return "etag-%d" % number
        finally:
            with self.lock:
                self.alive -= 1

    def abort_flow(self):
        yield Sleep(0)
        self.aborted = True

    def complete_flow(self, etags):
        yield Sleep(0)
        self.completed = etags
        return "final"


@pytest.mark.parametrize("concurrency", [1, 2, 3])
def test_parts_are_uploaded_in_order_with_bounded_concurrency(concurrency):
    fake = FakeMultipart()
    parts = iter_parts(iter([b"x" * 1000]), 100)
    result = run_sync(
        multipart_upload_flow(parts, fake.part_flow, fake.abort_flow, concurrency, complete_flow=fake.complete_flow)
    )
    assert result == "final"
    assert fake.completed == ["etag-%d" % n for n in range(1, 11)]
    assert fake.uploaded == {n: 100 for n in range(1, 11)}
    assert 1 <= fake.max_alive <= concurrency
    assert not fake.aborted


def test_failure_on_part_3_aborts_and_reraises():
    fake = FakeMultipart(fail_on=3)
    parts = iter_parts(iter([b"y" * 1000]), 100)
    with pytest.raises(IOError, match="part 3 failed"):
        run_sync(multipart_upload_flow(parts, fake.part_flow, fake.abort_flow, 2, complete_flow=fake.complete_flow))
    assert fake.aborted
    assert fake.completed is None
    assert fake.max_alive <= 2
    assert 3 not in fake.uploaded and max(fake.uploaded) <= 4  # later windows never started


def test_source_failure_and_complete_failure_also_abort():
    fake = FakeMultipart()

    def broken_source():
        yield b"z" * 250
        raise ValueError("source broke")

    with pytest.raises(ValueError, match="source broke"):
        run_sync(multipart_upload_flow(iter_parts(broken_source(), 100), fake.part_flow, fake.abort_flow, 2))
    assert fake.aborted

    fake = FakeMultipart()

    def failing_complete(etags):
        yield Sleep(0)
        raise RuntimeError("complete failed")

    with pytest.raises(RuntimeError, match="complete failed"):
        run_sync(multipart_upload_flow([b"a"], fake.part_flow, fake.abort_flow, 2, complete_flow=failing_complete))
    assert fake.aborted


def test_abort_failure_does_not_hide_the_original_error():
    fake = FakeMultipart(fail_on=1)

    def bad_abort():
        yield Sleep(0)
        raise OSError("abort failed")

    with pytest.raises(IOError, match="part 1 failed"):
        run_sync(multipart_upload_flow([b"a"], fake.part_flow, bad_abort, 1))


def test_results_without_complete_flow():
    fake = FakeMultipart()
    assert run_sync(multipart_upload_flow([b"a", b"b"], fake.part_flow, None, 4)) == ["etag-1", "etag-2"]


def test_memory_stays_bounded_by_part_size_times_concurrency():
    part_size = 1024 * 1024
    concurrency = 2

    def source():
        block = b"q" * (64 * 1024)
        for _ in range(320):  # 20 MiB in 64 KiB chunks
            yield block

    seen = []

    def part_flow(number, data):
        yield Sleep(0)
        seen.append(len(data))
        return number

    tracemalloc.start()
    try:
        run_sync(multipart_upload_flow(iter_parts(source(), part_size), part_flow, None, concurrency))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(seen) == 20 * 1024 * 1024
    assert peak < part_size * (concurrency + 3)


def test_iter_parts_matches_a_plain_cut_for_any_chunking():
    rng = random.Random(7)
    data = bytes(rng.getrandbits(8) for _ in range(20_000))
    for part_size in (1, 999, 4096, 20_000, 50_000):
        cuts = sorted(rng.sample(range(1, len(data)), 30))
        chunks = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)], strict=True)]
        parts = list(iter_parts(iter(chunks), part_size))
        assert parts == [data[i:i + part_size] for i in range(0, len(data), part_size)]
        assert all(type(p) is bytes for p in parts)


def test_iter_parts_hands_a_part_sized_chunk_on_without_copying():
    chunk = b"x" * 4096
    parts = list(iter_parts(iter([chunk, b"y"]), 4096))
    assert parts[0] is chunk and parts[1] == b"y"


def test_iter_parts_copies_a_reused_mutable_buffer():
    buffer = bytearray(b"a" * 3)

    def source():
        yield buffer
        buffer[:] = b"b" * 3  # the producer reuses its buffer once the chunk was taken
        yield buffer

    assert list(iter_parts(source(), 4)) == [b"aaab", b"bb"]
