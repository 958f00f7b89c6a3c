"""SSH public key fingerprints and comments, as providers display them.

* OpenSSH fingerprint: MD5 of the key blob (the base64 field of an
  ``authorized_keys`` line), as colon-separated hex - what
  ``ssh-keygen -l -E md5`` prints and what most providers show.
* "SSH2" fingerprint: MD5 of the key's DER ``SubjectPublicKeyInfo`` - what
  EC2 shows for imported key pairs.  RSA keys are encoded here; other key
  types need the optional ``cryptography`` package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from typing import List, Optional, Tuple, Union

__all__ = ["get_pubkey_openssh_fingerprint", "get_pubkey_ssh2_fingerprint", "get_pubkey_comment"]

# The key types an OpenSSH public key line may start with.
_KEY_TYPE_PREFIXES = ("ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-sha2-")
# DER AlgorithmIdentifier for rsaEncryption (OID 1.2.840.113549.1.1.1, NULL parameters).
_RSA_ALGORITHM_ID = bytes.fromhex("300d06092a864886f70d0101010500")


def _md5_fingerprint(data: bytes) -> str:
    return ":".join("%02x" % byte for byte in hashlib.md5(data).digest())


def _split_key(pubkey: Union[str, bytes]) -> List[str]:
    text = pubkey.decode("utf-8") if isinstance(pubkey, (bytes, bytearray)) else str(pubkey)
    return text.strip().split()


def _read_string(blob: bytes, offset: int) -> Tuple[bytes, int]:
    """One SSH wire-format ``string`` (uint32 length + bytes) at ``offset``."""
    if offset + 4 > len(blob):
        raise ValueError("Truncated public key data")
    (length,) = struct.unpack(">I", blob[offset : offset + 4])
    end = offset + 4 + length
    if end > len(blob):
        raise ValueError("Truncated public key data")
    return blob[offset + 4 : end], end


def _parse_openssh(pubkey: Union[str, bytes]) -> Tuple[str, bytes]:
    """``(key_type, blob)`` of an OpenSSH public key line, checked for consistency."""
    parts = _split_key(pubkey)
    if len(parts) < 2 or not parts[0].startswith(_KEY_TYPE_PREFIXES):
        raise ValueError("Public key is not in OpenSSH format")
    key_type = parts[0]
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("Public key data is not valid base64") from None
    embedded, _ = _read_string(blob, 0)
    if embedded != key_type.encode("ascii"):
        raise ValueError("Public key type %r does not match its data (%r)" % (key_type, embedded))
    return key_type, blob


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(encoded)]) + encoded


def _der(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(content)) + content


def _der_integer(value: int) -> bytes:
    # Minimal two's complement; a spare bit keeps positive values positive.
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _rsa_spki_der(blob: bytes) -> bytes:
    """DER ``SubjectPublicKeyInfo`` of an ``ssh-rsa`` blob (string type, mpint e, mpint n)."""
    _, offset = _read_string(blob, 0)
    e_bytes, offset = _read_string(blob, offset)
    n_bytes, offset = _read_string(blob, offset)
    if offset != len(blob):
        raise ValueError("Unexpected trailing data in RSA public key")
    e = int.from_bytes(e_bytes, "big", signed=True)
    n = int.from_bytes(n_bytes, "big", signed=True)
    if e <= 0 or n <= 0:
        raise ValueError("Invalid RSA public key numbers")
    rsa_public_key = _der(0x30, _der_integer(n) + _der_integer(e))
    bit_string = _der(0x03, b"\x00" + rsa_public_key)
    return _der(0x30, _RSA_ALGORITHM_ID + bit_string)


def _spki_der_with_cryptography(pubkey: Union[str, bytes], key_type: str) -> bytes:
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        raise RuntimeError(
            "The SSH2 fingerprint of a %s key needs the 'cryptography' package (pip install cryptography)" % key_type
        ) from None
    data = " ".join(_split_key(pubkey)[:2]).encode("ascii")
    try:
        key = serialization.load_ssh_public_key(data)
    except Exception as exc:  # unsupported or corrupt key: one error type for callers
        raise ValueError("Unsupported %s public key: %s" % (key_type, exc)) from exc
    return key.public_bytes(
        encoding=serialization.Encoding.DER,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )


def get_pubkey_openssh_fingerprint(pubkey: Union[str, bytes]) -> str:
    """MD5 fingerprint of an OpenSSH public key line, e.g. ``"35:22:13:...:d8"``.

    Raises ``ValueError`` when ``pubkey`` is not a well-formed OpenSSH key.
    """
    _, blob = _parse_openssh(pubkey)
    return _md5_fingerprint(blob)


def get_pubkey_ssh2_fingerprint(pubkey: Union[str, bytes]) -> str:
    """MD5 fingerprint of the key's DER ``SubjectPublicKeyInfo`` (EC2's imported-key fingerprint).

    Raises ``ValueError`` for a malformed key and ``RuntimeError`` when a
    non-RSA key is given and ``cryptography`` is not installed.
    """
    key_type, blob = _parse_openssh(pubkey)
    if key_type == "ssh-rsa":
        return _md5_fingerprint(_rsa_spki_der(blob))
    return _md5_fingerprint(_spki_der_with_cryptography(pubkey, key_type))


def get_pubkey_comment(pubkey: Union[str, bytes], default: Optional[str] = None) -> str:
    """The comment of an OpenSSH public key line (its first word, as upstream).

    Without a comment, or for another format, ``default`` is returned when it
    is truthy and ``ValueError`` is raised otherwise.
    """
    parts = _split_key(pubkey)
    if len(parts) >= 3 and parts[0].startswith(_KEY_TYPE_PREFIXES):
        return parts[2]
    if default:
        return default
    raise ValueError("Public key is not in a supported format or has no comment")
