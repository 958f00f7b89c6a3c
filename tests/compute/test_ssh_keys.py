"""Key loading, channel draining, remote paths and SFTP reuse of the paramiko client, with real paramiko."""

from unittest import mock

import pytest

paramiko = pytest.importorskip("paramiko")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa  # noqa: E402

from libcloud.compute.ssh import ParamikoSSHClient, _decoder, _RemotePath  # noqa: E402
from libcloud.compute.ssh_keys import load_private_key  # noqa: E402

Enc = serialization.Encoding
Fmt = serialization.PrivateFormat


def pem(key, fmt, password=None):
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    return key.private_bytes(Enc.PEM, fmt, encryption).decode()


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_each_format_picks_its_class(rsa_key):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    ed_key = ed25519.Ed25519PrivateKey.generate()
    assert isinstance(load_private_key(paramiko, pem(rsa_key, Fmt.TraditionalOpenSSL)), paramiko.RSAKey)
    assert isinstance(load_private_key(paramiko, pem(rsa_key, Fmt.PKCS8)), paramiko.RSAKey)
    assert isinstance(load_private_key(paramiko, pem(rsa_key, Fmt.OpenSSH)), paramiko.RSAKey)
    assert isinstance(load_private_key(paramiko, pem(ec_key, Fmt.TraditionalOpenSSL)), paramiko.ECDSAKey)
    assert isinstance(load_private_key(paramiko, pem(ec_key, Fmt.OpenSSH)), paramiko.ECDSAKey)
    assert isinstance(load_private_key(paramiko, pem(ed_key, Fmt.OpenSSH)), paramiko.Ed25519Key)
    assert isinstance(load_private_key(paramiko, pem(ed_key, Fmt.PKCS8)), paramiko.Ed25519Key)


def test_traditional_key_under_the_generic_label(rsa_key):
    text = pem(rsa_key, Fmt.TraditionalOpenSSL).replace("RSA PRIVATE KEY", "PRIVATE KEY")
    assert isinstance(load_private_key(paramiko, text), paramiko.RSAKey)


def test_encrypted_keys_report_the_real_problem(rsa_key):
    for fmt in (Fmt.OpenSSH, Fmt.PKCS8):
        text = pem(rsa_key, fmt, password="s3cret")
        with pytest.raises(paramiko.PasswordRequiredException):
            load_private_key(paramiko, text)
        assert isinstance(load_private_key(paramiko, text, "s3cret"), paramiko.RSAKey)
    with pytest.raises(paramiko.SSHException, match="checkints"):
        load_private_key(paramiko, pem(rsa_key, Fmt.OpenSSH, password="s3cret"), "wrong")


def test_garbage_is_unsupported():
    for text in ("id_rsa", "-----BEGIN FOO KEY-----\nAAAA\n-----END FOO KEY-----",
                 "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----"):
        with pytest.raises(paramiko.SSHException, match="Invalid or unsupported key type"):
            load_private_key(paramiko, text)


def test_single_key_file_is_checked_before_connecting(tmp_path, rsa_key):
    path = tmp_path / "id_rsa"
    path.write_text(pem(rsa_key, Fmt.OpenSSH, password="s3cret"))
    client = ParamikoSSHClient("h", key_files=str(path))
    client.client = mock.Mock()
    with pytest.raises(paramiko.PasswordRequiredException):
        client.connect()
    assert client.client.connect.call_count == 0
    client.password = "s3cret"
    assert client.connect() is True
    assert client.client.connect.call_args.kwargs["key_filename"] == str(path)
    # A file whose key type we do not recognise is left to paramiko.
    path.write_text("PuTTY-User-Key-File-3: ssh-rsa\n")
    assert client.connect() is True


def channel(ready, chunks):
    chan = mock.Mock()
    chan.recv_ready.side_effect = ready
    chan.recv.side_effect = chunks
    return chan


def test_consume_drops_invalid_bytes_and_keeps_split_characters():
    client = ParamikoSSHClient("h")
    assert client._consume_stdout(channel([True, True, False], [b"\xff ok", b"\xf9!"])).getvalue() == " ok!"
    snowman = "\u2603".encode()
    # Without a shared decoder a character cut in two is lost; with run()'s decoder it survives.
    assert client._consume_stdout(channel([True, False], [snowman[:1]])).getvalue() == ""
    decoder = _decoder()
    first = client._consume_stdout(channel([True, False], [snowman[:2]]), decoder).getvalue()
    second = client._consume_stdout(channel([True, False], [snowman[2:]]), decoder).getvalue()
    assert (first, second) == ("", "\u2603")


@pytest.mark.parametrize("path, cwd, chdirs, result", [
    ("/a/b/c.txt", "/x", ["/", "a", "b"], "/a/b/c.txt"),
    ("c.txt", "/home/me", ["."], "/home/me/c.txt"),
    ("d/c.txt", "/home/me/d", [".", "d"], "/home/me/d/c.txt"),
    ("C:\\Users\\me\\c.txt", "/C:/Users/me", ["C:\\", "Users", "me"], "C:\\Users\\me\\c.txt"),
    ("c.txt", "/C:/Users/me", ["."], "C:/Users/me/c.txt"),
    ("c.txt", "/C:\\Users", ["."], "C:\\Users\\c.txt"),
])
def test_remote_paths(path, cwd, chdirs, result):
    sftp = mock.Mock()
    sftp.getcwd.return_value = cwd
    remote = _RemotePath(path)
    remote.enter_parent(sftp)
    assert [c.args[0] for c in sftp.chdir.call_args_list] == chdirs
    assert remote.full_path(sftp) == result


def test_missing_directories_are_created():
    sftp = mock.Mock()
    sftp.chdir.side_effect = [None, OSError("missing"), None]
    _RemotePath("new/f").enter_parent(sftp)
    sftp.mkdir.assert_called_once_with("new")


def test_sftp_session_is_reused_and_reopened_when_dead():
    client = ParamikoSSHClient("h")
    client.client = mock.Mock()
    first = client._get_sftp_client()
    assert client._get_sftp_client() is first and client.client.open_sftp.call_count == 1
    first.listdir.side_effect = OSError("Socket is closed")
    client.client.open_sftp.return_value = mock.Mock()
    assert client._get_sftp_client() is not first and client.client.open_sftp.call_count == 2
    client.sftp_client.listdir.side_effect = RuntimeError("boom")
    with pytest.raises(RuntimeError):
        client._get_sftp_client()


def test_progress_reaches_the_debug_log(tmp_path):
    from libcloud._core import debug

    log = open(tmp_path / "debug.log", "w")
    debug.set_stream(log)
    try:
        client = ParamikoSSHClient("h")
        client.client = mock.Mock()
        client.delete("/tmp/x")
        client.close()
    finally:
        debug.set_stream(None)
        log.close()
    text = (tmp_path / "debug.log").read_text()
    assert "Deleting file (path=/tmp/x)" in text and "Closing server connection" in text
