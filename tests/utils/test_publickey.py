import base64
import struct
import sys

import pytest

from libcloud.utils.publickey import get_pubkey_comment, get_pubkey_openssh_fingerprint, get_pubkey_ssh2_fingerprint

# Keys generated with ssh-keygen for these tests; the expected fingerprints come
# from `ssh-keygen -l -E md5` (OpenSSH) and from
# `ssh-keygen -e -m PKCS8 | openssl pkey -pubin -outform DER | openssl md5 -c` (SSH2).
RSA_KEY = (
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDR46dUtCpk6KlzsU+zN7TCID1YgEM3MYzppkgPOeadYxYfw4ZTqF"
    "imPooQxdq7+nSiShahhvOk+RjljPYejG76ew6qCCEGTAVuect0XqqkDlGTt6XTL9FAwnZaJ2u/ukbiXcHQ3DzmAi+0"
    "mC40uODBE1qxJiZEsWoCwKsTzjb3Tw== alice@example"
)
ED25519_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIALjWgVwhxHzo/YvdSe2OWtrkyRWZCUke4IOyXfFvj5A bob@host"
ECDSA_KEY = (
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOJ7u6vcwGllOn1XqH"
    "qMeUElNgF/Sr3EopzPD8ZzHais48rbyXYykT8mFj/NBZj93+dwFF0HwiuvVBMGgiRqXUc= carol"
)

RSA_OPENSSH_FP = "3d:2b:e9:47:0f:3c:34:0e:f8:6e:30:4c:c7:56:d3:33"
RSA_SSH2_FP = "e4:fb:6c:0e:46:cf:c0:cd:04:20:5b:af:94:f5:be:e2"
ED25519_OPENSSH_FP = "78:0b:2a:cb:62:04:ad:5b:1e:0b:5b:5d:06:a8:2b:2e"
# MD5 of the RFC 8410 SubjectPublicKeyInfo (fixed 12-byte prefix + the raw key).
ED25519_SSH2_FP = "3e:1e:6d:b6:d5:34:54:94:ef:9a:25:74:02:70:bc:77"
ECDSA_OPENSSH_FP = "b1:49:94:27:3d:ed:59:fa:55:be:e7:84:40:b9:97:bb"
ECDSA_SSH2_FP = "91:87:c2:54:4d:e3:b5:27:92:2c:10:0f:d4:77:93:23"


@pytest.mark.parametrize(
    "key, expected",
    [(RSA_KEY, RSA_OPENSSH_FP), (ED25519_KEY, ED25519_OPENSSH_FP), (ECDSA_KEY, ECDSA_OPENSSH_FP)],
)
def test_openssh_fingerprint(key, expected):
    assert get_pubkey_openssh_fingerprint(key) == expected
    assert get_pubkey_openssh_fingerprint(key.encode("ascii")) == expected
    assert get_pubkey_openssh_fingerprint("  " + key + "\n") == expected


def test_openssh_fingerprint_ignores_the_comment():
    without_comment = " ".join(RSA_KEY.split()[:2])
    assert get_pubkey_openssh_fingerprint(without_comment) == RSA_OPENSSH_FP


@pytest.mark.parametrize(
    "key, expected",
    [(RSA_KEY, RSA_SSH2_FP), (ED25519_KEY, ED25519_SSH2_FP), (ECDSA_KEY, ECDSA_SSH2_FP)],
)
def test_ssh2_fingerprint(key, expected):
    pytest.importorskip("cryptography")
    assert get_pubkey_ssh2_fingerprint(key) == expected


def _without_cryptography(monkeypatch):
    # A None entry makes "import cryptography..." raise ImportError.
    for name in list(sys.modules):
        if name == "cryptography" or name.startswith("cryptography."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "cryptography", None)


def test_rsa_ssh2_fingerprint_does_not_need_cryptography(monkeypatch):
    _without_cryptography(monkeypatch)
    assert get_pubkey_ssh2_fingerprint(RSA_KEY) == RSA_SSH2_FP
    assert get_pubkey_openssh_fingerprint(ED25519_KEY) == ED25519_OPENSSH_FP


def test_other_ssh2_fingerprints_need_cryptography(monkeypatch):
    _without_cryptography(monkeypatch)
    with pytest.raises(RuntimeError, match="cryptography"):
        get_pubkey_ssh2_fingerprint(ED25519_KEY)


@pytest.mark.parametrize("bits", [1536, 2048])
def test_rsa_der_matches_cryptography_for_larger_keys(bits):
    import hashlib

    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    openssh = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashlib.md5(der).hexdigest()
    assert get_pubkey_ssh2_fingerprint(openssh) == ":".join(digest[i : i + 2] for i in range(0, 32, 2))


def _blob(*fields):
    return base64.b64encode(b"".join(struct.pack(">I", len(f)) + f for f in fields)).decode()


@pytest.mark.parametrize(
    "key",
    [
        "",
        "not a key",
        "ssh-rsa",
        "ssh-rsa !!!notbase64!!! x",
        "ssh-dss " + RSA_KEY.split()[1],  # declared type differs from the embedded one
        "ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x07ssh").decode(),  # truncated
        "---- BEGIN SSH2 PUBLIC KEY ----",
    ],
)
def test_malformed_keys_raise_value_error(key):
    with pytest.raises(ValueError):
        get_pubkey_openssh_fingerprint(key)
    with pytest.raises(ValueError):
        get_pubkey_ssh2_fingerprint(key)


def test_rsa_with_trailing_or_invalid_numbers_is_rejected():
    trailing = "ssh-rsa " + _blob(b"ssh-rsa", b"\x01\x00\x01", b"\x00\xc1", b"extra")
    with pytest.raises(ValueError):
        get_pubkey_ssh2_fingerprint(trailing)
    zero_modulus = "ssh-rsa " + _blob(b"ssh-rsa", b"\x01\x00\x01", b"")
    with pytest.raises(ValueError):
        get_pubkey_ssh2_fingerprint(zero_modulus)


def test_get_pubkey_comment():
    assert get_pubkey_comment(RSA_KEY) == "alice@example"
    assert get_pubkey_comment(ECDSA_KEY) == "carol"
    assert get_pubkey_comment(RSA_KEY.encode()) == "alice@example"
    # upstream returns the first word of a multi-word comment
    assert get_pubkey_comment(RSA_KEY + " laptop key") == "alice@example"


def test_get_pubkey_comment_default_and_errors():
    without_comment = " ".join(RSA_KEY.split()[:2])
    assert get_pubkey_comment(without_comment, default="fallback") == "fallback"
    assert get_pubkey_comment("---- BEGIN SSH2 PUBLIC KEY ----", default="name") == "name"
    with pytest.raises(ValueError):
        get_pubkey_comment(without_comment)
    with pytest.raises(ValueError):
        get_pubkey_comment("garbage", default="")
