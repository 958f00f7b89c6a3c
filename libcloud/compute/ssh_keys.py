"""Turn private key text into a paramiko key object, choosing the key class from the key itself.

Trying every paramiko key class in turn hides the real problem when a key
is encrypted or its passphrase is wrong (the last class's "not a valid key"
wins).  Instead the key type is read from the PEM header, or from the public
part of an ``OPENSSH PRIVATE KEY`` blob, and only the matching class is
asked, so its errors (``PasswordRequiredException``, a bad passphrase) reach
the caller unchanged.  PKCS#8 keys (``BEGIN PRIVATE KEY``), which paramiko
does not read, are converted with ``cryptography`` first.
"""

from __future__ import annotations

import base64
import re
import struct
from io import StringIO
from typing import Any, Optional, Tuple

__all__ = ["check_private_key", "load_private_key", "UNSUPPORTED_KEY_MESSAGE"]

UNSUPPORTED_KEY_MESSAGE = (
    "Invalid or unsupported key type (only RSA, ECDSA, Ed25519 and DSS keys in PEM or OpenSSH format are supported)"
)

# PEM label -> paramiko class name; "PRIVATE KEY" labels are PKCS#8 and converted first.
_PEM_CLASSES = {
    "RSA PRIVATE KEY": "RSAKey",
    "EC PRIVATE KEY": "ECDSAKey",
    "DSA PRIVATE KEY": "DSSKey",
}
_PKCS8_LABELS = ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY")
# Key type named inside an OpenSSH blob -> paramiko class name.
_OPENSSH_CLASSES = {
    "ssh-rsa": "RSAKey",
    "ssh-ed25519": "Ed25519Key",
    "ssh-dss": "DSSKey",
}
_OPENSSH_MAGIC = b"openssh-key-v1\x00"
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)


def load_private_key(paramiko: Any, key: str, password: Optional[str] = None) -> Any:
    """A paramiko ``PKey`` for the private key text ``key`` (decrypted with ``password``).

    Raises paramiko's ``SSHException`` (or its ``PasswordRequiredException``)
    when the key cannot be used.
    """
    ssh_exception = paramiko.ssh_exception
    label, body = _pem_block(key)
    if label in _PKCS8_LABELS:
        key = _pkcs8_to_traditional(paramiko, label, key, body, password)
        password = None  # the converted text is no longer encrypted
        label, body = _pem_block(key)
    class_name = _class_name(label, body)
    key_class = getattr(paramiko, class_name, None) if class_name else None
    if key_class is None:
        # Either not a key we know, or a type this paramiko dropped (DSSKey in paramiko 4+).
        raise ssh_exception.SSHException(UNSUPPORTED_KEY_MESSAGE)
    return key_class.from_private_key(StringIO(key), password)


def check_private_key(paramiko: Any, key: str, password: Optional[str] = None) -> None:
    """Load ``key`` if its type is one we recognise, so an encrypted key or a wrong passphrase is reported early.

    Keys of other types are left alone: paramiko may still know them.
    """
    label, body = _pem_block(key)
    if label in _PKCS8_LABELS or _class_name(label, body) is not None:
        load_private_key(paramiko, key, password)


def _class_name(label: Optional[str], body: str) -> Optional[str]:
    """The paramiko class name for a PEM block's label and body, if we know it."""
    if label in _PEM_CLASSES:
        return _PEM_CLASSES[label]
    if label == "OPENSSH PRIVATE KEY":
        return _openssh_class(body)
    return None


def _pem_block(text: str) -> Tuple[Optional[str], str]:
    match = _PEM_BLOCK.search(text)
    if match is None:
        return None, ""
    return match.group(1), match.group(2)


def _openssh_class(body: str) -> Optional[str]:
    """The paramiko class for an ``OPENSSH PRIVATE KEY`` body, read from its (unencrypted) public key."""
    base64_text = "".join(line for line in body.splitlines() if line and ":" not in line)
    try:
        blob = base64.b64decode(base64_text)
    except ValueError:
        return None
    if not blob.startswith(_OPENSSH_MAGIC):
        return None
    try:
        offset = len(_OPENSSH_MAGIC)
        for _ in range(3):  # cipher name, KDF name, KDF options
            _, offset = _read_string(blob, offset)
        offset += 4  # number of keys
        public_key, _ = _read_string(blob, offset)
        key_type, _ = _read_string(public_key, 0)
    except (struct.error, ValueError):
        return None
    name = key_type.decode("ascii", errors="replace")
    if name.startswith("ecdsa-sha2-"):
        return "ECDSAKey"
    return _OPENSSH_CLASSES.get(name)


def _read_string(blob: bytes, offset: int) -> Tuple[bytes, int]:
    (length,) = struct.unpack(">I", blob[offset:offset + 4])
    start = offset + 4
    if start + length > len(blob):
        raise ValueError("truncated OpenSSH key")
    return blob[start:start + length], start + length


def _pkcs8_to_traditional(paramiko: Any, label: str, key: str, body: str, password: Optional[str]) -> str:
    """Re-encode a ``PRIVATE KEY`` block in the format paramiko reads (unencrypted, in memory only).

    An unencrypted block is loaded from its DER bytes, which also accepts a
    traditional RSA/DSA/EC key that merely carries the generic label.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    ssh_exception = paramiko.ssh_exception
    try:
        if label == "ENCRYPTED PRIVATE KEY":
            if not password:
                raise ssh_exception.PasswordRequiredException("private key file is encrypted")
            private_key = serialization.load_pem_private_key(key.encode("utf-8"), password=password.encode("utf-8"))
        else:
            private_key = serialization.load_der_private_key(base64.b64decode(body), password=None)
    except (ValueError, TypeError) as exc:
        raise ssh_exception.SSHException("%s: %s" % (UNSUPPORTED_KEY_MESSAGE, exc)) from exc
    # Ed25519 has no "traditional" PEM form; paramiko reads it in OpenSSH format.
    key_format = (serialization.PrivateFormat.OpenSSH if isinstance(private_key, ed25519.Ed25519PrivateKey)
                  else serialization.PrivateFormat.TraditionalOpenSSL)
    converted = private_key.private_bytes(serialization.Encoding.PEM, key_format, serialization.NoEncryption())
    return converted.decode("ascii")
