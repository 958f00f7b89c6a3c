"""CRC32 as S3 stores it: a hashlib-style hasher, combining, and the header encoding.

S3 keeps a CRC32 of an object when the uploader sends one
(``x-amz-checksum-crc32``, the big-endian 4 bytes in base64) and returns it
on ``GET`` / ``HEAD`` with ``x-amz-checksum-mode: ENABLED``.  ``zlib.crc32``
runs about four times faster than MD5 and releases the GIL, so verifying a
download by CRC32 costs a fraction of a core where MD5 costs a whole one.

A multipart upload computes each part's CRC32 where the part is sent (in
parallel) and :func:`crc32_combine` joins them into the whole object's
CRC32 without reading any byte twice.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from functools import lru_cache
from typing import Iterable, Optional, Tuple, TypeVar

__all__ = ["CrcHasher", "Crc32", "crc32_combine", "crc32_of_parts", "crc32_to_base64", "crc32_from_base64"]

# The CRC-32 (IEEE 802.3) polynomial in the bit-reversed form zlib computes with.
_POLYNOMIAL = 0xEDB88320
# In that form bit 31 stands for x**0 and bit 31-k for x**k.
_ONE = 1 << 31


_C = TypeVar("_C", bound="CrcHasher")


class CrcHasher:
    """The ``hashlib`` face of a running 32-bit CRC kept in ``value``: ``digest``, ``hexdigest``, ``copy``."""

    digest_size = 4
    value = 0

    def digest(self) -> bytes:
        """The checksum as 4 big-endian bytes (what S3 and Cloud Storage base64-encode)."""
        return self.value.to_bytes(4, "big")

    def hexdigest(self) -> str:
        """The checksum as 8 lower-case hex digits."""
        return "%08x" % self.value

    def copy(self: _C) -> _C:
        """An independent copy of the running checksum."""
        other = type(self)()
        other.value = self.value
        return other


class Crc32(CrcHasher):
    """A ``hashlib``-like object computing zlib's CRC32 (``name``, ``update``, ``digest``, ``hexdigest``)."""

    name = "crc32"

    def __init__(self, data: bytes = b"") -> None:
        self.value = zlib.crc32(data)

    def update(self, data: bytes) -> None:
        """Continue the checksum over ``data``."""
        self.value = zlib.crc32(data, self.value)


def _multiply(a: int, b: int) -> int:
    """``a * b`` modulo the CRC polynomial, both in the bit-reversed form."""
    product = 0
    bit = _ONE
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLYNOMIAL if b & 1 else b >> 1
    return product


@lru_cache(maxsize=64)  # multipart parts share one length (all but the last)
def _shift_operator(length: int) -> int:
    """``x ** (8 * length)`` modulo the polynomial: appending ``length`` zero bytes, as a factor."""
    result = _ONE
    power = 1 << (31 - 8)  # x ** 8: one byte
    while length:
        if length & 1:
            result = _multiply(result, power)
        power = _multiply(power, power)
        length >>= 1
    return result


def crc32_combine(first: int, second: int, second_length: int) -> int:
    """The CRC32 of ``A + B`` from ``crc32(A)``, ``crc32(B)`` and ``len(B)`` (no byte is read again).

    zlib's CRC32 pre- and post-inverts its register, and those inversions cancel
    out here: the result is ``crc32(A)`` moved past ``len(B)`` bytes, xor ``crc32(B)``.
    """
    if second_length < 0:
        raise ValueError("second_length must not be negative")
    if not second_length:
        return first
    return _multiply(_shift_operator(second_length), first) ^ second


def crc32_of_parts(parts: Iterable[Tuple[int, int]]) -> int:
    """The CRC32 of consecutive parts given as ``(crc32, length)`` pairs, in order."""
    total = 0
    for crc, length in parts:
        total = crc32_combine(total, crc, length)
    return total


def crc32_to_base64(value: int) -> str:
    """``value`` as S3's ``x-amz-checksum-crc32`` header value."""
    return base64.b64encode(value.to_bytes(4, "big")).decode("ascii")


def crc32_from_base64(text: Optional[str]) -> Optional[int]:
    """The CRC32 in an ``x-amz-checksum-crc32`` value, or None when it is not one whole-object CRC32.

    A composite multipart checksum (``...-3``, a checksum of the part checksums)
    does not describe the bytes directly and gives None.
    """
    if not text or "-" in text:
        return None
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return int.from_bytes(raw, "big") if len(raw) == 4 else None
