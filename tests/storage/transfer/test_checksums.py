import os
import random
import zlib

import pytest

from libcloud.storage.transfer import (
    Crc32,
    crc32_combine,
    crc32_from_base64,
    crc32_of_parts,
    crc32_to_base64,
    new_hasher,
)


def test_combining_matches_one_pass_over_the_joined_bytes():
    rng = random.Random(11)
    for _ in range(300):
        first = rng.randbytes(rng.choice([0, 1, 3, rng.randint(0, 5000)]))
        second = rng.randbytes(rng.choice([0, 1, 7, rng.randint(0, 5000)]))
        assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


def test_parts_of_equal_and_odd_sizes_combine_in_order():
    rng = random.Random(5)
    parts = [rng.randbytes(4096) for _ in range(9)] + [rng.randbytes(17)]
    assert crc32_of_parts((zlib.crc32(p), len(p)) for p in parts) == zlib.crc32(b"".join(parts))
    swapped = parts[1:2] + parts[0:1] + parts[2:]
    assert crc32_of_parts((zlib.crc32(p), len(p)) for p in swapped) != zlib.crc32(b"".join(parts))


def test_a_large_second_part_combines_like_one_pass():
    zeros = bytes(64 * 1024 * 1024 + 3)  # the shift operator is built by squaring, not byte by byte
    assert crc32_combine(zlib.crc32(b"head"), zlib.crc32(zeros), len(zeros)) == zlib.crc32(zeros, zlib.crc32(b"head"))


def test_negative_length_is_refused():
    with pytest.raises(ValueError):
        crc32_combine(1, 2, -1)


def test_the_hasher_is_zlib_crc32_in_hashlib_form():
    hasher = new_hasher("crc32")
    assert isinstance(hasher, Crc32)
    hasher.update(b"hello ")
    copy = hasher.copy()
    hasher.update(b"world")
    assert hasher.hexdigest() == "%08x" % zlib.crc32(b"hello world")
    assert hasher.digest() == zlib.crc32(b"hello world").to_bytes(4, "big")
    assert copy.hexdigest() == "%08x" % zlib.crc32(b"hello ")
    assert Crc32(b"").hexdigest() == "00000000"


def test_header_encoding_round_trips_and_rejects_what_is_not_one_crc32():
    value = zlib.crc32(b"The quick brown fox")
    encoded = crc32_to_base64(value)
    assert crc32_from_base64(encoded) == value
    assert crc32_from_base64(" %s " % encoded) == value
    assert crc32_from_base64(encoded + "-3") is None  # composite multipart checksum
    assert crc32_from_base64("not base64!") is None
    assert crc32_from_base64("AAAAAAAA") is None  # six bytes
    assert crc32_from_base64(None) is None
    assert crc32_from_base64("") is None


def _pwrite_all(writer, data, piece, order_seed):
    offsets = list(range(0, len(data), piece))
    random.Random(order_seed).shuffle(offsets)
    for offset in offsets:
        writer.pwrite(offset, memoryview(data)[offset:offset + piece])


def test_parallel_pieces_are_verified_by_joining_their_crc32s(tmp_path):
    import threading

    from libcloud.storage.transfer import AtomicFileWriter
    from libcloud.storage.transfer.hashing import PieceCrc32

    data = random.Random(1).randbytes(5 * 1024 * 1024 + 3)
    target = tmp_path / "out"
    writer = AtomicFileWriter(str(target), hash_type="crc32", expected_hash="%08x" % zlib.crc32(data),
                              expected_size=len(data))
    with writer:
        _pwrite_all(writer, data, 300_000, order_seed=2)
        assert isinstance(writer._pieces, PieceCrc32)  # pieces are checksummed as written: nothing is read back
        assert writer.commit() is True
    assert target.read_bytes() == data
    assert not [t for t in threading.enumerate() if t.name.startswith("libcloud-hash")]


def test_a_wrong_or_incomplete_parallel_crc32_leaves_nothing(tmp_path):
    from libcloud.storage.transfer import AtomicFileWriter
    from libcloud.storage.types import ObjectHashMismatchError

    data = random.Random(4).randbytes(1024 * 1024)
    for expected, pieces in (("%08x" % zlib.crc32(data + b"!"), data),  # wrong checksum
                             ("%08x" % zlib.crc32(data), data[:500_000] + bytes(len(data) - 500_000))):  # bad bytes
        target = tmp_path / "out"
        writer = AtomicFileWriter(str(target), hash_type="crc32", expected_hash=expected, expected_size=len(data))
        with pytest.raises(ObjectHashMismatchError):
            with writer:
                _pwrite_all(writer, pieces, 100_000, order_seed=5)
                writer.commit()
        assert os.listdir(tmp_path) == []


def test_overlapping_pieces_are_not_vouched_for(tmp_path):
    from libcloud.storage.transfer import AtomicFileWriter
    from libcloud.storage.types import ObjectHashMismatchError

    data = bytes(range(256)) * 100
    writer = AtomicFileWriter(str(tmp_path / "out"), hash_type="crc32", expected_hash="%08x" % zlib.crc32(data),
                              expected_size=len(data))
    with pytest.raises(ObjectHashMismatchError, match="None"):
        with writer:
            # as many bytes as the file holds, but overlapping at 5000-10000 and missing 15000-20000
            writer.pwrite(0, data[:10000])
            writer.pwrite(5000, data[5000:15000])
            writer.pwrite(20000, data[20000:])
            writer.commit()
