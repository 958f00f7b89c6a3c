import hashlib
import os
import stat

import pytest

from libcloud._core.flow import run_sync
from libcloud.common.types import LibcloudError
from libcloud.storage.transfer import (
    TEMP_PREFIX,
    AtomicFileWriter,
    copy_body_flow,
    resolve_destination,
    save_chunks,
)
from libcloud.storage.types import ObjectHashMismatchError


def _leftovers(folder):
    return [name for name in os.listdir(folder) if name.startswith(TEMP_PREFIX)]


def test_save_chunks_publishes_whole_file_and_hashes(tmp_path):
    dest = tmp_path / "out.bin"
    progress = []
    writer = save_chunks(
        iter([b"abc", b"def"]),
        str(dest),
        expected_size=6,
        expected_hash='"%s"' % hashlib.md5(b"abcdef").hexdigest().upper(),  # ETag-style quoting and case
        callback=lambda done, total: progress.append((done, total)),
    )
    assert writer.committed
    assert dest.read_bytes() == b"abcdef"
    assert writer.hexdigest == hashlib.md5(b"abcdef").hexdigest()
    assert progress == [(3, 6), (6, 6)]
    assert _leftovers(tmp_path) == []


def test_exception_mid_stream_leaves_old_file_and_no_temp(tmp_path):
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old content")

    def broken():
        yield b"new"
        raise ConnectionError("network went away")

    with pytest.raises(ConnectionError):
        save_chunks(broken(), str(dest))
    assert dest.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


def test_hash_mismatch_raises_and_keeps_destination(tmp_path):
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old")
    with pytest.raises(ObjectHashMismatchError) as info:
        save_chunks(iter([b"data"]), str(dest), expected_hash="0" * 32, object_name="obj")
    assert info.value.object_name == "obj"
    assert dest.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_size_mismatch_returns_uncommitted_and_writes_nothing(tmp_path):
    dest = tmp_path / "out.bin"
    writer = save_chunks(iter([b"short"]), str(dest), expected_size=100)
    assert writer.committed is False
    assert not dest.exists()
    assert _leftovers(tmp_path) == []


def test_replacing_keeps_mode_and_new_files_follow_umask(tmp_path):
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"old")
    os.chmod(dest, 0o640)
    save_chunks(iter([b"new"]), str(dest))
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o640
    mask = os.umask(0o022)
    os.umask(mask)
    fresh = tmp_path / "fresh.bin"
    save_chunks(iter([b"x"]), str(fresh))
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o666 & ~mask
    save_chunks(iter([b"x"]), str(tmp_path / "m"), mode=0o600)
    assert stat.S_IMODE(os.stat(tmp_path / "m").st_mode) == 0o600


def test_pwrite_out_of_order_hashes_the_finished_file(tmp_path):
    dest = tmp_path / "out.bin"
    with AtomicFileWriter(str(dest), expected_hash=hashlib.md5(b"abcdef").hexdigest(), expected_size=6) as writer:
        writer.pwrite(3, b"def")
        writer.pwrite(0, b"abc")
        assert writer.commit()
    assert dest.read_bytes() == b"abcdef"


def test_writer_requires_open_and_aborts_when_not_committed(tmp_path):
    writer = AtomicFileWriter(str(tmp_path / "x"))
    with pytest.raises(ValueError):
        writer.write(b"a")
    with pytest.raises(ValueError):
        writer.commit()
    with AtomicFileWriter(str(tmp_path / "y")) as writer:
        writer.write(b"abc")
        temp = writer.temp_path
        assert os.path.exists(temp)
    assert not os.path.exists(temp)
    assert not (tmp_path / "y").exists()


def test_resolve_destination_rules(tmp_path):
    folder = str(tmp_path) + os.sep
    assert resolve_destination(folder, "name.txt") == os.path.join(str(tmp_path), "name.txt")
    with pytest.raises(LibcloudError, match="does not exist"):
        resolve_destination(str(tmp_path / "missing") + os.sep, "n")
    with pytest.raises(LibcloudError, match="outside"):
        resolve_destination(folder, "../evil")
    with pytest.raises(LibcloudError, match="outside"):
        resolve_destination(folder, "/etc/passwd")
    existing = tmp_path / "e.txt"
    existing.write_bytes(b"")
    with pytest.raises(LibcloudError, match="overwrite_existing=False"):
        resolve_destination(str(existing), "x")
    assert resolve_destination(str(existing), "x", overwrite_existing=True) == str(existing)


class _ReadBody:
    """A body that supports the Read effect, like a streamed RawResponse."""

    def __init__(self, data):
        self.data = data
        self.sizes = []

    def read_sync(self, size):
        self.sizes.append(size)
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk


def test_copy_body_flow_uses_read_effect_or_iteration(tmp_path):
    body = _ReadBody(b"x" * 10)
    with AtomicFileWriter(str(tmp_path / "a")) as writer:
        assert run_sync(copy_body_flow(body, writer, 4)) == 10
        writer.commit()
    assert body.sizes == [4, 4, 4, 4]
    with AtomicFileWriter(str(tmp_path / "b")) as writer:
        assert run_sync(copy_body_flow([b"ab", b"c"], writer, 4)) == 3
        writer.commit()
    assert (tmp_path / "b").read_bytes() == b"abc"
