"""CRC32C: known vectors (RFC 3720), incremental use, the pure-Python path and an installed C one agreeing."""

from __future__ import annotations

import os

import pytest

from libcloud.storage.transfer import crc32c as module
from libcloud.storage.transfer.crc32c import Crc32c, crc32c, crc32c_from_base64, crc32c_to_base64
from libcloud.storage.transfer.hashing import new_hasher

VECTORS = [
    (b"", 0x00000000),
    (b"123456789", 0xE3069283),
    (b"\x00" * 32, 0x8A9136AA),
    (b"\xff" * 32, 0x62A8AB43),
    (bytes(range(32)), 0x46DD794E),
    (bytes(range(31, -1, -1)), 0x113FDB5C),
]


@pytest.mark.parametrize("data, expected", VECTORS)
def test_known_vectors(data, expected):
    assert crc32c(data) == expected
    assert module._python_update(0xFFFFFFFF, data) ^ 0xFFFFFFFF == expected


def test_incremental_updates_of_any_alignment_give_the_whole_checksum():
    data = os.urandom(100_003)
    hasher = new_hasher("crc32c")
    for start in range(0, len(data), 777):  # odd pieces exercise the two-byte table's tail
        hasher.update(data[start:start + 777])
    assert hasher.hexdigest() == "%08x" % crc32c(data)
    assert crc32c(data[500:], crc32c(data[:500])) == crc32c(data)
    copy = hasher.copy()
    copy.update(b"x")
    assert copy.value != hasher.value and Crc32c(data).digest() == hasher.digest()


def test_base64_round_trip_and_garbage():
    assert crc32c_from_base64(crc32c_to_base64(0xE3069283)) == 0xE3069283
    assert crc32c_to_base64(crc32c(b"hello world")) == "yZRlqg=="  # what Cloud Storage shows for that text
    assert crc32c_from_base64("not base64!") is None
    assert crc32c_from_base64(None) is None
    assert crc32c_from_base64("AAAAAAAA") is None  # six bytes, not four


def test_an_installed_c_implementation_agrees_with_the_table():
    if module.BACKEND == "python":
        pytest.skip("no C CRC32C installed (google-crc32c or crc32c): the table is the implementation")
    data = os.urandom(65_537)
    assert module._python_update(0xFFFFFFFF, data) ^ 0xFFFFFFFF == crc32c(data)


def test_combined_hashers_join_their_digests_in_order():
    data = os.urandom(10_000)
    hasher = new_hasher("md5+crc32c")
    hasher.update(data[:3])
    hasher.copy().update(b"ignored")
    hasher.update(data[3:])
    import hashlib

    assert hasher.hexdigest() == "%s-%08x" % (hashlib.md5(data).hexdigest(), crc32c(data))
    assert hasher.name == "md5+crc32c" and len(hasher.digest()) == 20
    with pytest.raises(RuntimeError):
        new_hasher("md5+nope")
