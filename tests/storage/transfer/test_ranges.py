import hashlib
import os

import pytest

from libcloud._core.flow import Sleep, run_sync
from libcloud.common.types import LibcloudError
from libcloud.storage.transfer import AtomicFileWriter, plan_ranges, ranged_download_flow

CONTENT = bytes(range(256)) * 40  # 10240 bytes


def test_plan_ranges():
    assert plan_ranges(0, 10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert plan_ranges(5, 5, 4) == []
    assert plan_ranges(3, 7, 100) == [(3, 7)]
    with pytest.raises(ValueError):
        plan_ranges(0, 10, 0)
    with pytest.raises(ValueError):
        plan_ranges(5, 1, 2)


def _range_flow(fetched):
    def flow(start, end, sink):
        fetched.append((start, end))
        yield Sleep(0)
        for offset in range(start, end, 100):  # stream in small reads
            sink.write(CONTENT[offset : min(offset + 100, end)])

    return flow


@pytest.mark.parametrize("start,end", [(0, len(CONTENT)), (1000, 5001)])
def test_ranged_download_writes_each_range_at_its_offset(tmp_path, start, end):
    fetched = []
    dest = tmp_path / "out"
    expected = CONTENT[start:end]
    with AtomicFileWriter(str(dest), expected_hash=hashlib.md5(expected).hexdigest(), expected_size=len(expected)) as w:
        count = run_sync(ranged_download_flow(w, start, end, _range_flow(fetched), part_size=1024, concurrency=3))
        assert w.commit()
    assert count == len(expected)
    assert dest.read_bytes() == expected
    assert sorted(fetched) == plan_ranges(start, end, 1024)


def test_short_range_fails_the_download_and_leaves_nothing(tmp_path):
    def short(start, end, sink):
        yield Sleep(0)
        sink.write(CONTENT[start : end - 1])

    dest = tmp_path / "out"
    with pytest.raises(LibcloudError, match="ended early"):
        with AtomicFileWriter(str(dest)) as w:
            run_sync(ranged_download_flow(w, 0, 4096, short, part_size=1024, concurrency=2))
            w.commit()
    assert os.listdir(tmp_path) == []


def test_too_many_bytes_for_a_range_is_an_error(tmp_path):
    def long(start, end, sink):
        yield Sleep(0)
        sink.write(b"x" * (end - start + 1))

    with pytest.raises(LibcloudError, match="more bytes"):
        with AtomicFileWriter(str(tmp_path / "out")) as w:
            run_sync(ranged_download_flow(w, 0, 10, long, part_size=5, concurrency=1))
