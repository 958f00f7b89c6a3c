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
