"""Large transfers against moto: a 100 MiB parallel multipart upload and parallel ranged downloads.

Data is generated on the fly (a seeded PRNG, 1 MiB blocks) and never kept whole in memory.
"""

import hashlib
import random
import tracemalloc

from tests.storage.s3.conftest import make_driver

MiB = 1024 * 1024
SIZE = 100 * MiB + 12345  # not a multiple of the part size
PART = 5 * MiB
CONCURRENCY = 4


def _blocks(seed=7, size=SIZE):
    rng = random.Random(seed)
    left = size
    while left:
        block = rng.randbytes(min(MiB, left))
        left -= len(block)
        yield block


def _digest(seed=7, size=SIZE):
    md5 = hashlib.md5()
    for block in _blocks(seed, size):
        md5.update(block)
    return md5.hexdigest()


def _slice(start, end, seed=7):
    out = bytearray()
    offset = 0
    for block in _blocks(seed):
        if offset + len(block) > start and offset < end:
            out += block[max(0, start - offset):end - offset]
        offset += len(block)
        if offset >= end:
            break
    return bytes(out)


def test_100mib_multipart_upload_then_parallel_and_ranged_downloads(moto, tmp_path):
    driver = make_driver(moto, ex_part_size=PART, ex_concurrency=CONCURRENCY, ex_download_part_size=8 * MiB,
                         ex_download_concurrency=4, ex_parallel_download_threshold=32 * MiB)
    bucket = driver.create_container("big")
    expected_md5 = _digest()

    tracemalloc.start()
    try:
        obj = driver.upload_object_via_stream(_blocks(), bucket, "big.bin")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Bounded by the part size and concurrency, not the object size: one window of CONCURRENCY parts
    # plus the part being cut from the stream (with its transient copies) - 35 MiB for a 100 MiB object.
    assert peak < PART * (CONCURRENCY + 3), "peak %d bytes" % peak
    assert obj.size == SIZE
    parts = -(-SIZE // PART)
    assert obj.hash.endswith("-%d" % parts)  # S3's multipart ETag, verified against our part MD5s
    assert list(driver.ex_iterate_multipart_uploads(bucket)) == []

    listed = driver.get_object("big", "big.bin")
    assert (listed.size, listed.hash) == (SIZE, obj.hash)

    dest = tmp_path / "big.out"
    assert driver.download_object(listed, str(dest)) is True  # parallel ranged GETs (size >= threshold)
    md5 = hashlib.md5()
    with open(dest, "rb") as handle:
        for block in iter(lambda: handle.read(MiB), b""):
            md5.update(block)
    assert md5.hexdigest() == expected_md5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.out"]  # no temporary files left

    start, end = 37 * MiB - 5, 41 * MiB + 7
    part_file = tmp_path / "range.out"
    assert driver.download_object_range(listed, str(part_file), start, end) is True
    assert part_file.read_bytes() == _slice(start, end)
    chunks = list(driver.download_object_range_as_stream(listed, SIZE - 100, chunk_size=64))
    assert b"".join(chunks) == _slice(SIZE - 100, SIZE)
    assert [len(c) for c in chunks] == [64, 36]


def test_file_upload_above_threshold_goes_multipart_in_parallel(moto, tmp_path):
    driver = make_driver(moto, ex_multipart_threshold=6 * MiB, ex_part_size=PART, ex_concurrency=3)
    bucket = driver.create_container("files")
    path = tmp_path / "src.bin"
    with open(path, "wb") as handle:
        for block in _blocks(seed=3, size=17 * MiB + 1):
            handle.write(block)
    obj = driver.upload_object(str(path), bucket, "src.bin")
    assert obj.size == 17 * MiB + 1 and obj.hash.endswith("-4")
    small = tmp_path / "small.bin"
    small.write_bytes(b"s" * 1000)
    single = driver.upload_object(str(small), bucket, "small.bin")
    assert single.hash == hashlib.md5(b"s" * 1000).hexdigest()
    out = tmp_path / "out.bin"
    assert driver.download_object(driver.get_object("files", "src.bin"), str(out)) is True
    assert hashlib.md5(out.read_bytes()).hexdigest() == _digest(seed=3, size=17 * MiB + 1)


def test_a_failing_source_aborts_the_multipart_upload(moto):
    driver = make_driver(moto, ex_part_size=PART, ex_concurrency=2)
    bucket = driver.create_container("broken")

    def source():
        yield from _blocks(seed=5, size=12 * MiB)  # two full parts are cut and the upload started
        raise OSError("disk went away")

    try:
        driver.upload_object_via_stream(source(), bucket, "broken.bin")
    except OSError as exc:
        assert "disk went away" in str(exc)
    else:
        raise AssertionError("the source's error must propagate")
    assert list(driver.ex_iterate_multipart_uploads(bucket)) == []
    assert driver.list_container_objects(bucket) == []
